import { expect } from '@open-wc/testing';
import { sanitizeHtml } from './sanitize.js';

declare global {
  interface Window {
    __xss?: boolean;
  }
}

const XSS = 'window.__xss=true';
const DATA_HTML = `data:text/html;base64,${btoa(`<script>parent.${XSS}</script>`)}`;

/** Each payload would set `window.__xss` if anything in it ran. */
const PAYLOADS: [string, string][] = [
  ['script tag', `<script>${XSS}</script>`],
  ['script with src', `<script src="data:text/javascript,${XSS}"></script>`],
  ['img onerror', `<img src=x onerror="${XSS}">`],
  ['uppercase handler', `<IMG SRC=x ONERROR="${XSS}">`],
  ['details ontoggle', `<details open ontoggle="${XSS}"><summary>s</summary></details>`],
  ['custom element handler', `<x-foo onclick="${XSS}">x</x-foo>`],
  ['javascript: link', `<a href="javascript:${XSS}">x</a>`],
  ['mixed case scheme', `<a href="JaVaScRiPt:${XSS}">x</a>`],
  ['tab entity in scheme', `<a href="jav&#x09;ascript:${XSS}">x</a>`],
  ['decimal tab entity', `<a href="jav&#9;ascript:${XSS}">x</a>`],
  ['newline in scheme', `<a href="java\nscript:${XSS}">x</a>`],
  ['leading spaces', `<a href="   javascript:${XSS}">x</a>`],
  ['leading newline and control', `<a href="\n\x01javascript:${XSS}">x</a>`],
  ['entity-encoded scheme', `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${XSS}">x</a>`],
  ['hex entities without semicolons', `<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A${XSS}">x</a>`],
  ['named colon entity', `<a href="javascript&colon;${XSS}">x</a>`],
  ['vbscript: link', `<a href="vbscript:msgbox(1)">x</a>`],
  ['data:text/html link', `<a href="${DATA_HTML}">x</a>`],
  ['data: image', `<img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='${XSS}'/>">`],
  ['javascript: srcset', `<img srcset="javascript:${XSS} 1x" src="x.png">`],
  ['svg onload', `<svg onload="${XSS}"><circle r="1"/></svg>`],
  ['svg link', `<svg><a xlink:href="javascript:${XSS}"><text y="10">x</text></a></svg>`],
  ['svg namespace confusion', `<svg><p><style><img src=x onerror="${XSS}">`],
  ['svg foreignObject', `<svg><foreignObject><img src=x onerror="${XSS}"></foreignObject></svg>`],
  ['mathml namespace confusion', `<math><mtext><table><mglyph><style><img src=x onerror="${XSS}">`],
  ['mathml link', `<math><mi xlink:href="javascript:${XSS}">x</mi></math>`],
  [
    'form and inputs',
    `<form action="javascript:${XSS}"><input autofocus onfocus="${XSS}"><button formaction="javascript:${XSS}">go</button></form>`,
  ],
  ['iframe javascript:', `<iframe src="javascript:parent.${XSS}"></iframe>`],
  ['iframe srcdoc', `<iframe srcdoc="<script>parent.${XSS}</script>"></iframe>`],
  ['object and embed', `<object data="javascript:${XSS}"></object><embed src="javascript:${XSS}">`],
  ['noscript mutation', `<noscript><p title="</noscript><img src=x onerror=${XSS}>">`],
  ['xmp mutation', `<xmp><p title="</xmp><img src=x onerror=${XSS}>">`],
  ['template content', `<template><img src=x onerror="${XSS}"></template>`],
  ['style tag', `<style>@import "javascript:${XSS}";</style><p>t</p>`],
  ['style attribute', `<p style="background:url(javascript:${XSS})">t</p>`],
  ['base and meta', `<base href="javascript:/"><meta http-equiv="refresh" content="0;url=javascript:${XSS}">`],
  ['table foster parenting', `<table><img src=x onerror="${XSS}"><tr><td>t</td></tr></table>`],
  ['select style', `<select><style></select><img src=x onerror="${XSS}"></style></select>`],
  ['comment breakout', `<!--><img src=x onerror="${XSS}">-->`],
];

const DANGEROUS_TAGS = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'svg',
  'math',
  'base',
  'meta',
  'link',
  'template',
  'noscript',
  'select',
  'textarea',
]);

/** Everything left that could run script or load a document. */
function dangers(root: ParentNode): string[] {
  const found: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    if (DANGEROUS_TAGS.has(el.localName)) found.push(`<${el.localName}>`);
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name) || attr.name === 'style' || attr.name.includes(':')) found.push(`${el.localName}[${attr.name}]`);
      if (['href', 'src', 'cite', 'action', 'formaction', 'data'].includes(attr.name)) {
        const protocol = new URL(attr.value, document.baseURI).protocol;
        if (!['http:', 'https:', 'mailto:'].includes(protocol)) found.push(`${el.localName}[${attr.name}=${attr.value}]`);
      }
      if (attr.name === 'srcset' && /(?:javascript|data|vbscript):/i.test(attr.value)) found.push(`${el.localName}[srcset]`);
    }
  }
  return found;
}

describe('sanitizeHtml', () => {
  let host: HTMLElement;
  beforeEach(() => {
    delete window.__xss;
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(() => host.remove());

  it('neutralizes every hostile payload', async () => {
    const failures: string[] = [];
    for (const [name, html] of PAYLOADS) {
      const fragment = await sanitizeHtml(html);
      const box = document.createElement('div');
      box.append(fragment);
      host.append(box);
      // Let images fail and any handler that survived run.
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (window.__xss) failures.push(`${name}: executed`);
      const left = dangers(box);
      if (left.length) failures.push(`${name}: left ${left.join(', ')} in ${box.innerHTML}`);
      delete window.__xss;
    }
    expect(failures).to.deep.equal([]);
  });

  it('keeps text structure, links, images, figures, tables and code', async () => {
    const html =
      '<h2>H</h2><p><em>e</em> <strong>s</strong> <a href="/x">l</a></p><ul><li>i</li></ul><blockquote>q</blockquote>' +
      '<figure><img src="/a.png" alt="a"><figcaption>c</figcaption></figure>' +
      '<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table><pre><code>c</code></pre>';
    host.append(await sanitizeHtml(html));
    for (const selector of [
      'h2',
      'p em',
      'p strong',
      'a[href]',
      'ul li',
      'blockquote',
      'figure img[alt=a]',
      'figcaption',
      'table thead th',
      'table tbody td',
      'pre code',
    ]) {
      expect(host.querySelector(selector), selector).to.exist;
    }
  });

  it('turns an iframe embed into a plain link to its source', async () => {
    host.append(await sanitizeHtml('<p>Watch:</p><iframe src="https://www.youtube.com/embed/abc" width="560"></iframe>'));
    expect(host.querySelector('iframe')).to.equal(null);
    const link = host.querySelector('a')!;
    expect(link.getAttribute('href')).to.equal('https://www.youtube.com/embed/abc');
    expect(link.textContent).to.equal('https://www.youtube.com/embed/abc');
    expect(link.rel).to.equal('noopener nofollow ugc');
  });

  it('marks external links, keeps only target=_blank and resolves relative links against baseUrl', async () => {
    const html =
      '<a id="e" href="https://elsewhere.example/" target="_top">e</a><a id="i" href="/same" target="_blank">i</a>' +
      '<a id="m" href="mailto:a@b.example">m</a><a id="f" href="#note">f</a><img src="pic.png">';
    host.append(await sanitizeHtml(html, { baseUrl: 'https://blog.example/posts/1' }));
    const [e, i, m, f] = ['e', 'i', 'm', 'f'].map((id) => host.querySelector(`#${id}`)!);
    expect(e.getAttribute('rel')).to.equal('noopener nofollow ugc');
    expect(e.hasAttribute('target')).to.equal(false);
    expect(i.getAttribute('href')).to.equal('https://blog.example/same');
    expect(i.getAttribute('rel')).to.equal('noopener');
    expect(i.getAttribute('target')).to.equal('_blank');
    expect(m.getAttribute('href')).to.equal('mailto:a@b.example');
    expect(f.getAttribute('href')).to.equal('#note');
    expect(host.querySelector('img')!.getAttribute('src')).to.equal('https://blog.example/posts/pic.png');
  });

  it('treats links to the page origin as internal when there is no baseUrl', async () => {
    host.append(await sanitizeHtml(`<a href="${location.origin}/x">in</a><a href="https://other.example/">out</a>`));
    const [inside, outside] = host.querySelectorAll('a');
    expect(inside.hasAttribute('rel')).to.equal(false);
    expect(outside.getAttribute('rel')).to.equal('noopener nofollow ugc');
  });

  it('loads images lazily and asynchronously', async () => {
    host.append(await sanitizeHtml('<img src="https://img.example/a.jpg" width="4000" height="3000" alt="">'));
    const img = host.querySelector('img')!;
    expect(img.getAttribute('loading')).to.equal('lazy');
    expect(img.getAttribute('decoding')).to.equal('async');
  });
});
