/** One page of a search. */
export interface Page<T> {
  items: T[];
  /** Pass back as `pageToken` for the next page; undefined on the last page. */
  nextPageToken: string | undefined;
}

/** Iterates every item of a paged search, following `nextPageToken` until the last page. */
export async function* paginate<T>(
  fetchPage: (pageToken: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T> {
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    yield* page.items;
    token = page.nextPageToken || undefined;
  } while (token);
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** `{a: '1'}` → `[{key: 'a', value: '1'}]`. */
export function toKeyValues(
  record: Readonly<Record<string, string>> | undefined,
): { key: string; value: string }[] {
  return Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));
}

/** `[{key: 'a', value: '1'}]` → `{a: '1'}`. */
export function fromKeyValues(
  pairs: readonly { key: string; value: string }[],
): Record<string, string> {
  return Object.fromEntries(pairs.map((p) => [p.key, p.value]));
}
