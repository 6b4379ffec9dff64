/**
 * A bounded cache of values derived from a passage's title and text. Chunks are immutable and
 * the same ones come back for many questions, so their analysis is computed once.
 *
 * Keyed by the text first, then the title, instead of one concatenated key: the passage
 * strings come straight from the chunk table, and V8 keeps a string's hash on the string, so a
 * lookup costs no hashing of the (long) text; a concatenated key would be a fresh string that is
 * hashed and compared in full on every request.
 */
export class PassageTextCache<V> {
  private readonly byText = new Map<string, Map<string, V>>();
  private size = 0;

  /** @param max most entries kept; when full, the oldest text's entries go first. */
  constructor(private readonly max: number) {}

  /** The cached value of `(title, text)`, computing and storing it on a miss. */
  get(title: string, text: string, compute: () => V): V {
    let byTitle = this.byText.get(text);
    const hit = byTitle?.get(title);
    if (hit !== undefined) return hit;
    const value = compute();
    if (byTitle === undefined) {
      while (this.size >= this.max && this.byText.size > 0) {
        const [oldestText, oldest] = this.byText.entries().next().value as [string, Map<string, V>];
        this.size -= oldest.size;
        this.byText.delete(oldestText);
      }
      byTitle = new Map();
      this.byText.set(text, byTitle);
    }
    byTitle.set(title, value);
    this.size++;
    return value;
  }
}
