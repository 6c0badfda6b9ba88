/** True for http(s), mailto: and tel: URLs and relative references; false for any other scheme. */
export function isSafeHref(value: string): boolean {
  // Browsers drop ASCII tab/newline and leading control characters and spaces before reading a scheme.
  const cleaned = value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  return scheme === null || /^(https?|mailto|tel)$/i.test(scheme[1]);
}
