/** Registers an element once: loading the script twice, or two copies of the library, never throws. */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
