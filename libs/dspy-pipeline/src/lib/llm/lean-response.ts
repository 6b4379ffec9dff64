import type { IncomingHttpHeaders } from 'node:http';

/**
 * Read-only response headers over Node's parsed header object: the part of WHATWG `Headers`
 * that Ax and the fetch wrapper use (`get`, `has`, iteration), without copying every header
 * into a `Headers` instance per response.
 */
export class LeanHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  /** The header's value (comma-joined when repeated), or null. Case-insensitive. */
  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(', ') : v;
  }

  /** Whether the header is present. */
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  /** `[name, value]` pairs, names in lower case. */
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) {
      const v = this.get(name);
      if (v !== null) yield [name, v];
    }
  }

  /** Same as {@link entries}. */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** Calls `fn(value, name)` per header, like `Headers.forEach`. */
  forEach(fn: (value: string, name: string) => void): void {
    for (const [name, value] of this.entries()) fn(value, name);
  }
}

/**
 * A whole, already received HTTP response: the subset of WHATWG `Response` that Ax reads for
 * a non-streamed call (`status`, `ok`, `headers.get`, `json()`, `text()`, `clone()`).
 * Building a real `Response` costs a web stream per body and showed up as a fifth of the
 * LLM client's CPU per call (bench/api, bench/pipeline); this holds the decoded text.
 */
export class LeanResponse {
  /** Always null: the body is already read (see {@link bodyText}). */
  readonly body = null;
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly type = 'basic';

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: LeanHeaders,
    /** The decoded body. */
    readonly bodyText: string,
    readonly url: string,
  ) {}

  /** 2xx. */
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The body as text. */
  text(): Promise<string> {
    return Promise.resolve(this.bodyText);
  }

  /** The body parsed as JSON (rejects with a SyntaxError like `Response.json`). */
  json(): Promise<unknown> {
    try {
      return Promise.resolve(JSON.parse(this.bodyText) as unknown);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The body as bytes. */
  arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.bodyText, 'utf8');
    return Promise.resolve(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  }

  /** A copy; the text is immutable, so both can be read. */
  clone(): LeanResponse {
    return new LeanResponse(this.status, this.statusText, this.headers, this.bodyText, this.url);
  }
}
