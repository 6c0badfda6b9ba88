// The designer's panel: sets the element's public custom properties and attributes live,
// and logs the events it fires. Everything here is what a host page could do itself.
const $ = (id) => document.getElementById(id);
const article = $('main-article');
const root = document.documentElement;

const knobs = [
  ['accent', (v) => article.style.setProperty('--article-view-accent', v)],
  ['font', (v) => (root.style.fontFamily = v)],
  ['measure', (v) => { article.style.setProperty('--article-view-measure', `${v}ch`); $('measure-out').value = `${v}ch`; }],
  ['spacing', (v) => { article.style.setProperty('--article-view-spacing', `${v}rem`); $('spacing-out').value = `${v}rem`; }],
  ['radius', (v) => { article.style.setProperty('--article-view-radius', `${v}px`); $('radius-out').value = `${v}px`; }],
];
for (const [id, apply] of knobs) {
  $(id).addEventListener('input', (e) => apply(e.target.value));
  apply($(id).value);
}
$('dark').addEventListener('change', (e) => root.classList.toggle('dark', e.target.checked));
if (matchMedia('(prefers-color-scheme: dark)').matches) { $('dark').checked = true; root.classList.add('dark'); }

// Format switcher: the same article published as WordPress, JSON Feed, schema.org, Ghost, ActivityStreams.
fetch('./articles/formats/index.json')
  .then((r) => (r.ok ? r.json() : []))
  .then((formats) => {
    for (const { label, src, format } of formats) $('format').append(new Option(label, JSON.stringify({ src, format })));
  })
  .catch(() => {});
$('format').addEventListener('change', (e) => {
  const value = e.target.value;
  const { src, format } = value.startsWith('{') ? JSON.parse(value) : { src: value };
  if (format) article.setAttribute('format', format); else article.removeAttribute('format');
  article.src = src;
});

const log = (text) => {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('log').prepend(li);
};
document.addEventListener('article-load', (e) => log(`article-load: ${e.detail.article.id}`));
document.addEventListener('article-error', (e) => log(`article-error: ${e.detail.error.kind}: ${e.detail.error.message}`));
for (const type of ['reply-submit', 'reply-success', 'reply-failure', 'reply-select']) {
  document.addEventListener(type, (e) => log(`${type}${e.detail?.status ? `: ${e.detail.status}` : ''}`));
}

// Loading state: a request that never answers, made by a tiny service worker on this origin.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./never-answers-sw.js').then(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
    $('loading-preview').src = './never-answers/article.json';
  });
}
