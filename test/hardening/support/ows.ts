/** What the library strips before a key: HTTP optional whitespace only (SP, HTAB). */
export function trimOwsStart(text: string): string {
  return text.replace(/^[ \t]+/, '')
}
