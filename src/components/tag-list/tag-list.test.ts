import { expect, fixture, html } from '@open-wc/testing';
import './define.js';
import type { TagList } from './tag-list.js';
import { parseTagsAttribute } from './tag-list.js';

const tags = (el: TagList) => [...el.shadowRoot!.querySelectorAll('[part~="tag"]')];

describe('<tag-list>', () => {
  it('renders each tag, as a link when it has a url', async () => {
    const el = await fixture<TagList>(html`<tag-list .tags=${[{ name: 'AI', url: '/tags/ai' }, { name: 'Policy' }]}></tag-list>`);
    const [ai, policy] = tags(el);
    expect(ai.tagName).to.equal('A');
    expect(ai.getAttribute('href')).to.equal('/tags/ai');
    expect(ai.getAttribute('rel')).to.equal('tag');
    expect(policy.tagName).to.equal('SPAN');
    expect(policy.textContent).to.equal('Policy');
    expect(el.shadowRoot!.querySelector('[part~="label"]')!.textContent).to.equal('Tagged:');
    await expect(el).to.be.accessible();
  });

  it('does not link unsafe urls', async () => {
    const el = await fixture<TagList>(html`<tag-list .tags=${[{ name: 'x', url: 'javascript:alert(1)' }]}></tag-list>`);
    expect(tags(el)[0].tagName).to.equal('SPAN');
  });

  it('renders nothing visible, and no label, without tags', async () => {
    const el = await fixture<TagList>(html`<tag-list></tag-list>`);
    expect(el.shadowRoot!.textContent!.trim()).to.equal('');
    expect(getComputedStyle(el).display).to.equal('none');
    await expect(el).to.be.accessible();
    el.tags = [{ name: 'Now' }];
    await el.updateComplete;
    expect(getComputedStyle(el).display).to.equal('block');
  });

  it('takes a localised label', async () => {
    const el = await fixture<TagList>(html`<tag-list label="Schlagwörter:" tags="KI, Politik"></tag-list>`);
    expect(el.shadowRoot!.querySelector('[part~="label"]')!.textContent).to.equal('Schlagwörter:');
    expect(tags(el).map((t) => t.textContent)).to.deep.equal(['KI', 'Politik']);
  });

  it('reads tags from markup as JSON or comma-separated names', () => {
    const cases: [string | null, unknown][] = [
      [null, []],
      ['', []],
      ['a, b ,,c', [{ name: 'a' }, { name: 'b' }, { name: 'c' }]],
      ['[{"name":"AI","url":"/ai"},"Plain",{"nope":1}]', [{ name: 'AI', url: '/ai' }, { name: 'Plain' }]],
      ['[broken', [{ name: '[broken' }]],
    ];
    for (const [input, expected] of cases) expect(parseTagsAttribute(input), String(input)).to.deep.equal(expected);
  });
});
