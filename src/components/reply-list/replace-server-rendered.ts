/** Swaps a server-rendered list that cannot hydrate for a fresh one, which loads its own replies. */
export function replaceServerRenderedList(list: Element): void {
  if (!list.shadowRoot) return;
  const fresh = document.createElement('reply-list');
  for (const { name, value } of list.attributes) if (name !== 'defer-hydration') fresh.setAttribute(name, value);
  list.replaceWith(fresh);
}
