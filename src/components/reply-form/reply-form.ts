import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { clearDraft, loadDraft, loadIdentity, newIdempotencyKey, saveDraft, saveIdentity, type ReplyDraft } from '../../data/drafts.js';
import { PostReplyError, postReply, validateReply } from '../../data/replies.js';
import type { ReplyInput, ReplyStatus, ReplyValidation } from '../../data/reply.js';
import { ReplyFailureEvent } from '../../events/reply-failure.js';
import { ReplySubmitEvent } from '../../events/reply-submit.js';
import { ReplySuccessEvent } from '../../events/reply-success.js';
import { replyFormStyles } from './reply-form.styles.js';
import { visuallyHiddenStyles } from '../shared.styles.js';
import { waitMessage } from '../wait.js';

/** The reply being answered. */
export interface ReplyTarget {
  id: string;
  name: string;
}

/** What `<reply-form>` is doing; reflected as the `state` attribute for host-page styling. */
export type ReplyFormState = 'editing' | 'posting' | 'pending' | 'published' | 'failed' | 'unavailable';

/** Every string the element writes itself; set `messages` to localise. Validation messages come from the shared schema. */
export interface ReplyFormMessages {
  title: string;
  /** `{name}` is replaced by the author being answered. */
  titleReplyTo: string;
  cancel: string;
  emailNote: string;
  requiredNote: string;
  comment: string;
  name: string;
  email: string;
  website: string;
  remember: string;
  submit: string;
  posting: string;
  pending: string;
  published: string;
  invalid: string;
  /** Appended to every failure: the reader's words are safe. */
  kept: string;
  /** Instead of "could not be reached" when the browser is offline. */
  offline: string;
  /** Replaces `offline` once the browser is back online. */
  online: string;
  /** After a failure whose answer said how long to wait (`Retry-After`, in seconds). */
  wait: (seconds: number) => string;
  unavailable: string;
  honeypot: string;
}

export const defaultReplyFormMessages: ReplyFormMessages = {
  title: 'Leave a Reply',
  titleReplyTo: 'Leave a Reply to {name}',
  cancel: 'Cancel reply',
  emailNote: 'Your email address will not be published.',
  requiredNote: 'Required fields are marked',
  comment: 'Comment',
  name: 'Name',
  email: 'Email',
  website: 'Website',
  remember: 'Save my name, email, and website in this browser for the next time I comment.',
  submit: 'Post Comment',
  posting: 'Posting your comment…',
  pending: 'Your comment is awaiting moderation.',
  published: 'Your comment has been published.',
  invalid: 'Please correct the marked fields.',
  kept: 'Your comment is still here; you can try again.',
  offline: 'You are offline.',
  online: 'You are back online.',
  wait: waitMessage,
  unavailable: 'Replies are not available here.',
  honeypot: 'Leave this field empty',
};

type Field = 'comment' | 'name' | 'email' | 'website';
type Values = Record<Field, string>;

/** Fields in the order they appear (and receive focus when invalid), with WordPress's element ids. */
const FIELDS: readonly Field[] = ['comment', 'name', 'email', 'website'];
const IDS: Record<Field, string> = { comment: 'comment', name: 'author', email: 'email', website: 'url' };
const EMPTY: Values = { comment: '', name: '', email: '', website: '' };

/**
 * The WordPress comment form, field for field, posting to any server that speaks the replies
 * contract. The draft is saved per article as the reader types and survives reloads and every
 * failure; each draft carries an `Idempotency-Key`, so a retry never posts twice.
 *
 * @tagname reply-form
 * @summary A comment form that never loses the reader's words.
 *
 * @csspart base - The section around heading and form.
 * @csspart heading - The "Leave a Reply" heading.
 * @csspart cancel - The "Cancel reply" button (only while answering a reply).
 * @csspart form - The `<form>`.
 * @csspart notes - "Your email address will not be published. Required fields are marked *".
 * @csspart notice - The "Replies are not available here." notice (no endpoint).
 * @csspart field - Each field's row (label, control, error); also `field-comment`, `field-name`, `field-email`, `field-website`.
 * @csspart label - Each field's label.
 * @csspart control - Each text input and the textarea.
 * @csspart error - A field's validation message.
 * @csspart consent - The "Save my name…" row.
 * @csspart submit - The "Post Comment" button.
 * @csspart status - The live region announcing the result.
 *
 * @cssprop [--reply-form-accent] - Focus ring and button colour (defaults to `--article-view-accent`).
 * @cssprop [--reply-form-error] - Colour of validation messages and invalid borders.
 * @cssprop [--reply-form-radius=6px] - Corner radius of controls and the button (defaults to `--article-view-radius`).
 * @cssprop [--reply-form-spacing=1rem] - Space between rows (defaults to `--article-view-spacing`).
 *
 * @fires {ReplySubmitEvent} reply-submit - A valid reply is about to be posted; cancelable. `detail: { input, endpoint }`.
 * @fires {ReplySuccessEvent} reply-success - The server stored it. `detail: { reply, status }` (`published` or `pending`).
 * @fires {ReplyFailureEvent} reply-failure - Posting failed; the draft is kept. `detail: { error, input }`.
 */
export class ReplyForm extends LitElement {
  // visuallyHiddenStyles hides the honeypot (out of sight; out of the tab order and aria-hidden in the template).
  static override styles = [visuallyHiddenStyles, replyFormStyles];

  /** Replies endpoint (`…/api/articles/ID/replies`). Without it the form shows but cannot post. */
  @property() endpoint: string | null = null;

  /** The article's id: the key the draft is saved under (the endpoint when absent). */
  @property({ attribute: 'article-id' }) articleId: string | null = null;

  /** The reply being answered, or `null` for a top-level reply. Usually set from `reply-select`. */
  @property({ attribute: false }) replyTo: ReplyTarget | null = null;

  /** Milliseconds before a post fails as a timeout (the draft stays, and a retry is safe). */
  @property({ type: Number }) timeout = 15_000;

  /** Strings the element writes; a partial object overrides the English defaults. */
  @property({ attribute: false }) messages: Partial<ReplyFormMessages> = {};

  /** What the element is doing. Read-only; reflected. */
  @property({ reflect: true, attribute: 'state' }) readonly state: ReplyFormState = 'editing';

  @state() private values: Values = { ...EMPTY };
  @state() private remember = false;
  /** Client-side messages for every field; shown only for touched fields or after a submit. */
  @state() private clientErrors: Partial<Values> = {};
  /** The values `clientErrors` were computed for: a message about an older value is never shown. */
  #checked: Partial<Values> = {};
  /** Messages from the server's 400, shown until the reader edits that field. */
  @state() private serverErrors: Partial<Values> = {};
  @state() private touched = new Set<Field>();
  @state() private submitted = false;
  @state() private status = '';

  #key = '';
  #busy = false;
  /** Where the draft is saved; `undefined` until the first update reads it. */
  #scope: string | null | undefined = undefined;
  #controller: AbortController | null = null;
  #validation = 0;
  /** The last post failed because the browser was offline: coming back online says so. */
  #offline = false;

  /** Focuses the comment field (after "Reply" on a reply, say). */
  override focus(options?: FocusOptions): void {
    const textarea = this.renderRoot.querySelector?.('textarea');
    if (textarea) textarea.focus(options);
    else super.focus(options);
  }

  protected override firstUpdated(): void {
    // Fetch the validator now, while the reader is still reading, so the first check is instant.
    validateReply({}).catch(() => {});
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.#onOnline);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.#onOnline);
    // The draft and its key are saved, so an interrupted post is safely retried later.
    this.#controller?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const scope = this.articleId || this.endpoint || null;
    if (scope !== this.#scope) {
      this.#scope = scope;
      this.#restore();
    }
    if (changed.has('replyTo') && changed.get('replyTo') !== undefined) this.#save();
    if (this.state !== 'posting' && (changed.has('endpoint') || !this.hasUpdated)) {
      this.#setState(this.endpoint ? 'editing' : 'unavailable');
    }
  }

  /** Back online after a post failed offline: the reader is told the retry can work now. */
  #onOnline = () => {
    if (!this.#offline || this.state !== 'failed') return;
    this.#offline = false;
    const m = this.#messages;
    this.status = `${m.online} ${m.kept}`;
  };

  #setState(next: ReplyFormState) {
    (this as { state: ReplyFormState }).state = next;
  }

  get #messages(): ReplyFormMessages {
    return { ...defaultReplyFormMessages, ...this.messages };
  }

  /** Fills the form from this article's draft, else from the remembered identity. */
  #restore() {
    const draft = this.#scope ? loadDraft(this.#scope) : null;
    const identity = loadIdentity();
    this.touched = new Set();
    this.submitted = false;
    this.clientErrors = {};
    this.serverErrors = {};
    this.status = '';
    if (draft) {
      this.values = { comment: draft.comment, name: draft.name, email: draft.email, website: draft.website };
      this.remember = draft.remember;
      this.#key = draft.key;
      this.replyTo ??= draft.replyTo;
    } else {
      this.values = { ...EMPTY, ...identity };
      this.remember = identity !== null;
      this.#key = newIdempotencyKey();
    }
  }

  #draft(): ReplyDraft {
    return { ...this.values, remember: this.remember, replyTo: this.replyTo, key: this.#key };
  }

  /** Saves what differs from a fresh form (empty, or the remembered identity); a fresh form needs no draft. */
  #save() {
    if (!this.#scope) return;
    const fresh: Values = { ...EMPTY, ...loadIdentity() };
    if (this.replyTo || FIELDS.some((f) => this.values[f] !== fresh[f])) saveDraft(this.#scope, this.#draft());
    else clearDraft(this.#scope);
  }

  #onInput(event: Event) {
    const target = event.target as HTMLInputElement | HTMLTextAreaElement;
    const field = FIELDS.find((f) => IDS[f] === target.id);
    if (field) {
      this.values = { ...this.values, [field]: target.value };
      if (this.serverErrors[field]) this.serverErrors = { ...this.serverErrors, [field]: undefined };
      // Validated on every change (messages still show only for touched fields), so a field that
      // loses focus shows its current state at once: a stale "required" would flash and push the
      // button down between mousedown and mouseup, and the click would miss it.
      void this.#validate();
    } else if (target.id === 'remember') {
      this.remember = (target as HTMLInputElement).checked;
    } else return;
    if (this.state !== 'posting' && this.state !== 'unavailable') this.#setState('editing');
    this.#save();
  }

  #onFocusOut(event: FocusEvent) {
    const target = event.target as HTMLElement;
    const field = FIELDS.find((f) => IDS[f] === target.id);
    if (!field) return;
    // WordPress accepts "example.com" for a website; so does this form, by adding the scheme.
    const website = this.values.website.trim();
    if (field === 'website' && /^[\w-]+(\.[\w-]+)+([/?#]\S*)?$/.test(website)) {
      this.values = { ...this.values, website: `https://${website}` };
      this.#save();
    }
    this.touched = new Set(this.touched).add(field);
    void this.#validate();
  }

  #input(): Record<string, unknown> {
    return { ...this.values, parent: this.replyTo?.id ?? null };
  }

  /** Runs the shared schema over all fields; the latest run wins. Resolves with the valid input or null. */
  async #validate(): Promise<ReplyInput | null> {
    const run = ++this.#validation;
    const input = this.#input();
    const snapshot = { ...this.values };
    let result: ReplyValidation;
    try {
      result = await validateReply(input);
    } catch {
      // The validator chunk did not load (offline, a deploy replaced it): the server checks the
      // same rules and its 400 lands on the same fields, so posting unchecked is safe.
      result = { ok: true, value: input as ReplyInput };
    }
    if (run === this.#validation) {
      this.#checked = snapshot;
      this.clientErrors = result.ok ? {} : (result.fields as Partial<Values>);
    }
    return result.ok ? result.value : null;
  }

  #error(field: Field): string | undefined {
    if (this.serverErrors[field]) return this.serverErrors[field];
    if (!this.submitted && !this.touched.has(field)) return undefined;
    // Validation is asynchronous: until it has seen the current value, a message about an older
    // one (say "required" before the reader typed) would flash and shift the layout mid-click.
    return this.#checked[field] === this.values[field] ? this.clientErrors[field] : undefined;
  }

  async #focusFirstInvalid() {
    await this.updateComplete;
    const field = FIELDS.find((f) => this.#error(f));
    if (field) this.renderRoot.querySelector<HTMLElement>(`#${IDS[field]}`)?.focus();
  }

  async #submit(event: SubmitEvent) {
    // The form lives in shadow DOM: its submit never reaches a host page's own <form>, and
    // preventing it here stops the browser from navigating.
    event.preventDefault();
    const m = this.#messages;
    if (!this.endpoint) {
      this.status = m.unavailable;
      return;
    }
    // Set before the first await: a double click or a held Enter must not start a second post.
    if (this.#busy) return;
    this.#busy = true;
    let outcome: Event | undefined;
    try {
      outcome = await this.#post(this.endpoint, m);
    } finally {
      this.#busy = false;
    }
    // Announced once the form is ready again, so a listener may retry or edit right away.
    if (outcome) this.dispatchEvent(outcome);
  }

  /** Validates and posts; resolves with the success or failure event to fire, if any. */
  async #post(endpoint: string, m: ReplyFormMessages): Promise<Event | undefined> {
    this.submitted = true;
    const input = await this.#validate();
    if (!input) {
      this.status = m.invalid;
      this.#setState('failed');
      await this.#focusFirstInvalid();
      return;
    }
    if (!this.dispatchEvent(new ReplySubmitEvent({ input, endpoint }))) return;
    const honeypot = this.renderRoot.querySelector<HTMLInputElement>('#url-confirm')?.value ?? '';
    const body = { ...input, website: input.website || undefined, parent: input.parent || undefined, url_confirm: honeypot };
    this.#setState('posting');
    this.status = m.posting;
    this.#save();
    const controller = (this.#controller = new AbortController());
    try {
      let result;
      try {
        result = await postReply(endpoint, body, { idempotencyKey: this.#key, signal: controller.signal, timeout: this.timeout });
      } catch (error) {
        // The reader edited the text after an attempt the server did store: this is a new reply now.
        if (!(error instanceof PostReplyError) || error.code !== 'idempotency_key_reused') throw error;
        this.#key = newIdempotencyKey();
        this.#save();
        result = await postReply(endpoint, body, { idempotencyKey: this.#key, signal: controller.signal, timeout: this.timeout });
      }
      this.#succeed(result.status);
      return new ReplySuccessEvent(result);
    } catch (caught) {
      const error = caught instanceof PostReplyError ? caught : new PostReplyError('network', String(caught), { cause: caught });
      if (error.kind === 'aborted' && !this.isConnected) {
        this.#setState('editing'); // removed mid-post: the draft and key are saved for next time
        return;
      }
      this.serverErrors = error.fields as Partial<Values>;
      // Messages for anything that is not a field (`parent`, say) have no field to sit next to.
      const other = Object.entries(error.fields)
        .filter(([k]) => !FIELDS.includes(k as Field))
        .map(([, v]) => v);
      // Offline, "the server could not be reached" would send the reader looking for a fault in the server.
      this.#offline = error.kind === 'network' && navigator.onLine === false;
      const wait = error.retryAfter ? [m.wait(error.retryAfter)] : [];
      this.status = [this.#offline ? m.offline : error.message, ...other, ...wait, m.kept].join(' ');
      this.#setState('failed');
      await this.#focusFirstInvalid();
      return new ReplyFailureEvent({ error, input });
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /** The server confirmed: only now is the draft dropped, and the identity kept if asked for. */
  #succeed(status: ReplyStatus) {
    const m = this.#messages;
    const { name, email, website } = this.values;
    saveIdentity(this.remember ? { name, email, website } : null);
    if (this.#scope) clearDraft(this.#scope);
    this.values = this.remember ? { ...EMPTY, name, email, website } : { ...EMPTY };
    this.#key = newIdempotencyKey();
    this.replyTo = null;
    this.touched = new Set();
    this.submitted = false;
    this.clientErrors = {};
    this.serverErrors = {};
    this.status = status === 'pending' ? m.pending : m.published;
    this.#setState(status);
  }

  #cancelReply() {
    this.replyTo = null;
    this.focus();
  }

  /** `aria-invalid` / `aria-describedby` for a control, plus its message element. */
  #feedback(field: Field, describedBy?: string) {
    const error = this.#error(field);
    const id = IDS[field];
    const ids = [describedBy, error ? `${id}-error` : undefined].filter(Boolean).join(' ');
    return {
      invalid: error ? 'true' : nothing,
      describedBy: ids || nothing,
      message: error ? html`<span class="error" part="error" id="${id}-error">${error}</span>` : nothing,
    };
  }

  #row(field: Field, label: string, required: boolean, control: TemplateResult, message: unknown) {
    return html`<p class="field" part="field field-${field}">
      <label part="label" for=${IDS[field]}>${label}${required ? html` <span class="required" aria-hidden="true">*</span>` : nothing}</label>
      ${control} ${message}
    </p>`;
  }

  protected override render() {
    const m = this.#messages;
    const v = this.values;
    const posting = this.state === 'posting';
    const [before, after = ''] = m.titleReplyTo.split('{name}');
    const comment = this.#feedback('comment');
    const name = this.#feedback('name');
    const email = this.#feedback('email', 'email-notes');
    const website = this.#feedback('website');
    return html`<section part="base">
      <div class="head">
        <h2 id="reply-title" part="heading">${this.replyTo ? html`${before}<bdi>${this.replyTo.name}</bdi>${after}` : m.title}</h2>
        ${this.replyTo ? html`<button type="button" part="cancel" @click=${this.#cancelReply}>${m.cancel}</button>` : nothing}
      </div>
      <form part="form" novalidate aria-labelledby="reply-title" @submit=${this.#submit} @input=${this.#onInput}
        @change=${this.#onInput} @focusout=${this.#onFocusOut}>
        <p class="notes" part="notes"><span id="email-notes">${m.emailNote}</span>
          <span>${m.requiredNote} <span class="required">*</span></span></p>
        ${this.endpoint ? nothing : html`<p class="notice" part="notice">${m.unavailable}</p>`}
        ${this.#row(
          'comment',
          m.comment,
          true,
          html`<textarea id="comment" name="comment" part="control" rows="8" required
          aria-invalid=${comment.invalid} aria-describedby=${comment.describedBy} .value=${v.comment}></textarea>`,
          comment.message,
        )}
        ${this.#row(
          'name',
          m.name,
          true,
          html`<input id="author" name="author" part="control" type="text" autocomplete="name"
          required aria-invalid=${name.invalid} aria-describedby=${name.describedBy} .value=${v.name}>`,
          name.message,
        )}
        ${this.#row(
          'email',
          m.email,
          true,
          html`<input id="email" name="email" part="control" type="email" autocomplete="email"
          required aria-invalid=${email.invalid} aria-describedby=${email.describedBy} .value=${v.email}>`,
          email.message,
        )}
        ${this.#row(
          'website',
          m.website,
          false,
          html`<input id="url" name="url" part="control" type="url" autocomplete="url"
          aria-invalid=${website.invalid} aria-describedby=${website.describedBy} .value=${v.website}>`,
          website.message,
        )}
        <p class="consent" part="consent">
          <input id="remember" type="checkbox" .checked=${this.remember}>
          <label for="remember">${m.remember}</label>
        </p>
        <div class="visually-hidden" aria-hidden="true">
          <label for="url-confirm">${m.honeypot}</label>
          <input id="url-confirm" name="url_confirm" type="text" tabindex="-1" autocomplete="off">
        </div>
        <p class="submit">
          <button type="submit" part="submit" aria-disabled=${posting || !this.endpoint ? 'true' : 'false'}>${m.submit}</button>
        </p>
        <p class="status" part="status" role="status">${this.status}</p>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'reply-form': ReplyForm;
  }
}
