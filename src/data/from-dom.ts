/**
 * Reads an article from the HTML a CMS already prints (light-DOM progressive enhancement):
 *
 * ```html
 * <article-view lang="en">
 *   <nav aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li>Opinion</li></ol></nav>
 *   <h1>Title</h1>
 *   <p><time datetime="2026-11-20">20 November 2026</time></p>
 *   <p>Body…</p> <h2>…</h2> <blockquote>…</blockquote> <ul>…</ul> <figure>…</figure>
 *   <address>Written by: <a rel="author" href="…">the Mesh</a> · <a href="/contact/">Contact</a></address>
 *   <section><h2>Additional Context</h2><p>…</p></section>
 *   <p><a rel="tag" href="/tag/ai">AI</a></p>
 * </article-view>
 * ```
 *
 * `<h1>` → title; plain-text `<p>`, `<h2>`–`<h6>`, `<blockquote>`, `<ul>`/`<ol>` → text blocks;
 * anything else (markup inside a paragraph, figures, tables, …) → an `html` block, which is
 * sanitized before it is rendered, like HTML from any published format. Links in breadcrumbs,
 * bylines and tags follow the model's rules (http(s), mailto:, tel: or relative). Returns `null`
 * when there is no `<h1>`: such children are a fallback (e.g. a link), not an article.
 */
import type { Article, Author, Block, Link, Section, Tag } from './article.js';
import { slugify } from './slug.js';
import { isSafeHref } from './url.js';

const SKIP = new Set(['script', 'style', 'template', 'noscript', 'link', 'meta', 'slot']);
/** Wrappers whose children are read as if they stood in their place. */
const TRANSPARENT = new Set(['header', 'footer', 'hgroup', 'main', 'article']);
const DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))?$/;

const text = (node: Node | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const hrefOf = (el: Element | null | undefined) => {
  const href = el?.getAttribute('href')?.trim();
  return href && isSafeHref(href) ? href : undefined;
};
const onlyText = (el: Element) => el.children.length === 0;
const link = (label: string, url: string | undefined): Link => (url ? { label, url } : { label });

/** One body element as a block: text when it is only text, sanitized HTML otherwise. */
function toBlock(el: Element): Block | null {
  const name = el.localName;
  if (name === 'p' && onlyText(el)) return text(el) ? { type: 'paragraph', text: text(el) } : null;
  if (/^h[2-6]$/.test(name) && onlyText(el) && text(el)) return { type: 'heading', level: Number(name[1]), text: text(el) };
  if ((name === 'ul' || name === 'ol') && [...el.children].every((li) => li.localName === 'li' && onlyText(li))) {
    return { type: 'list', ordered: name === 'ol', items: [...el.children].map(text) };
  }
  if (name === 'blockquote') {
    const parts = [...el.children];
    const footer = parts.find((c) => c.localName === 'footer');
    const paras = parts.filter((c) => c !== footer);
    const cite = footer?.querySelector('cite');
    const simple = paras.every((p) => p.localName === 'p' && onlyText(p)) && (!footer || !!cite) && paras.length > 0;
    if (simple) return { type: 'quote', text: paras.map(text).join(' '), ...(cite && text(cite) ? { cite: text(cite) } : {}) };
    if (onlyText(el) && text(el)) return { type: 'quote', text: text(el) };
  }
  return { type: 'html', html: el.outerHTML };
}

/** `<p>` (or a bare `<time>`) holding only dates. */
const datesOf = (el: Element): string[] | null => {
  const times = el.localName === 'time' ? [el] : [...el.children].filter((c) => c.localName === 'time');
  if (!times.length || (el.localName !== 'time' && times.length !== el.children.length)) return null;
  const values = times.map((t) => t.getAttribute('datetime')?.trim() ?? '');
  return values.every((v) => DATE.test(v)) ? values : null;
};

export function articleFromElement(host: Element): Article | null {
  const h1 = host.querySelector('h1');
  if (!h1 || !text(h1)) return null;
  const title = text(h1);
  const body: Block[] = [];
  const sections: Section[] = [];
  const tags: Tag[] = [];
  const authors: Author[] = [];
  let breadcrumbs: Link[] | undefined;
  let contact: Link | undefined;
  let dates: string[] = [];

  const readAddress = (address: Element) => {
    const marked = [...address.querySelectorAll('[rel~="author"]')];
    for (const a of marked) {
      if (!text(a)) continue;
      // "<a rel=author>the Mesh</a>, an Autonomous AI Collective of Work": the text up to the next element describes them.
      let after = '';
      for (let n = a.nextSibling; n && n.nodeType === 3; n = n.nextSibling) after += n.textContent;
      const description = /^\s*,/.test(after)
        ? after
            .replace(/^\s*,/, '')
            .replace(/\s+/g, ' ')
            .replace(/[\s·|,–-]+$/, '')
            .trim()
        : '';
      authors.push({ name: text(a), ...(description ? { description } : {}), ...(hrefOf(a) ? { url: hrefOf(a) } : {}) });
    }
    const other = [...address.querySelectorAll('a[href]')].find((a) => !marked.includes(a));
    if (other && (text(other) || hrefOf(other))) contact = link(text(other) || 'Contact', hrefOf(other));
    if (!marked.length) {
      // No rel=author: the address's first line, without a label such as "Written by:" or its contact link.
      const first = address.querySelector('p') ?? address;
      const clone = first.cloneNode(true) as Element;
      if (other) clone.querySelectorAll('a[href]').forEach((a) => a.getAttribute('href') === other.getAttribute('href') && a.remove());
      const name = text(clone)
        .replace(/^[^:]{1,40}:\s*/, '')
        .replace(/[\s·|,–-]+$/, '');
      if (name) authors.push({ name });
    }
  };

  const walk = (parent: Element, into: Block[], skip?: Element) => {
    for (const node of parent.childNodes) {
      if (node.nodeType === 3 && text(node)) into.push({ type: 'paragraph', text: text(node) });
      if (node.nodeType !== 1) continue;
      const el = node as Element;
      const name = el.localName;
      if (el === h1 || el === skip || SKIP.has(name) || el.hasAttribute('slot')) continue;
      if (name === 'nav' && !breadcrumbs) {
        const items = el.querySelectorAll('li').length ? [...el.querySelectorAll('li')] : [...el.querySelectorAll('a')];
        const crumbs = items
          .map((item) => link(text(item), hrefOf(item.localName === 'a' ? item : item.querySelector('a'))))
          .filter((c) => c.label);
        if (crumbs.length) breadcrumbs = crumbs;
      } else if (name === 'address') {
        readAddress(el);
      } else if (TRANSPARENT.has(name) || (el.contains(h1) && name !== 'section')) {
        walk(el, into);
      } else if (name === 'section') {
        const heading = [...el.children].find((c) => /^h[2-6]$/.test(c.localName));
        if (heading && text(heading)) {
          const blocks: Block[] = [];
          walk(el, blocks, heading);
          sections.push({ heading: text(heading), blocks });
        } else walk(el, into);
      } else if (el.querySelector('a[rel~="tag"]') || (name === 'a' && el.matches('[rel~="tag"]'))) {
        const found = name === 'a' ? [el] : [...el.querySelectorAll('a[rel~="tag"]')];
        for (const a of found) if (text(a)) tags.push({ name: text(a), ...(hrefOf(a) ? { url: hrefOf(a) } : {}) });
      } else if (!dates.length && !body.length && datesOf(el)) {
        dates = datesOf(el)!;
      } else {
        const block = toBlock(el);
        if (block) into.push(block);
      }
    }
  };
  walk(host, body);

  const lang = host.getAttribute('lang')?.trim();
  const dir = host.getAttribute('dir');
  return {
    id: host.id || slugify(title),
    title,
    ...(breadcrumbs ? { breadcrumbs } : {}),
    ...(authors.length ? { authors } : {}),
    ...(contact ? { contact } : {}),
    ...(dates[0] ? { published: dates[0] } : {}),
    ...(dates[1] ? { updated: dates[1] } : {}),
    ...(lang ? { lang } : {}),
    ...(dir === 'ltr' || dir === 'rtl' || dir === 'auto' ? { dir } : {}),
    body,
    ...(sections.length ? { sections } : {}),
    ...(tags.length ? { tags } : {}),
  };
}
