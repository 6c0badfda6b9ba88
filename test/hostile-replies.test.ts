/**
 * The hostile reply corpus (test/fixtures/hostile/replies.mjs; the reference server runs it in
 * test/server/hostile.test.ts) in the browser, through `validateReply`: the check `<reply-form>` runs
 * before posting, on the same schema as the server. Every row the schema can judge must get the
 * server's verdict here too: accepted, or refused with the same message for the same fields; an
 * accepted row's values are the ones the server stores. Nothing may reach Object.prototype.
 * Run: ENGINE=chromium npx wtr --files test/hostile-replies.test.ts
 */
import { expect } from '@open-wc/testing';
import { validateReply } from '../src/data/replies.js';
import { schemaCases } from './fixtures/hostile/replies.mjs';

describe('hostile replies through validateReply (the check the reply form runs)', () => {
  for (const [row, input, fields] of schemaCases()) {
    const outcome = fields ? `refused (${Object.keys(fields).join(', ')})` : 'accepted';
    it(`${row.id}: ${outcome}: ${row.about}`, async () => {
      const result = await validateReply(input);
      expect(({} as Record<string, unknown>).polluted, '({}).polluted').to.equal(undefined);
      expect(Object.prototype, 'Object.prototype').not.to.have.any.keys('polluted', 'url_confirm', 'comment');
      if (fields) {
        expect(result.ok, 'refused').to.equal(false);
        expect(result.ok === false && result.fields, 'field messages').to.deep.equal(fields);
        return;
      }
      expect(result.ok, `accepted (${result.ok ? '' : JSON.stringify(result.fields)})`).to.equal(true);
      if (!result.ok) return;
      expect(Object.getPrototypeOf(result.value), 'a plain object').to.equal(Object.prototype);
      expect(Object.hasOwn(result.value, '__proto__'), 'an own "__proto__"').to.equal(false);
      const value = result.value as Record<string, unknown>;
      for (const [key, stored] of Object.entries(row.expect.stored ?? {})) expect(value[key], key).to.equal(stored);
    });
  }
});
