/**
 * The text a chunk is indexed by, lexically and densely: its title, then its text. Every index
 * (built, migrated or in Qdrant) must use the same, or questions stop matching what is stored.
 */
export function indexedText(chunk: { title: string; text: string }): string {
  return `${chunk.title}\n${chunk.text}`;
}
