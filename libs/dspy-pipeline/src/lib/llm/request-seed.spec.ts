import { injectSeed } from './request-seed';

const CHAT = 'http://127.0.0.1:1/v1/chat/completions';
const parse = (b: unknown): Record<string, unknown> =>
  JSON.parse(String(b)) as Record<string, unknown>;

describe('injectSeed', () => {
  it('adds the seed to a chat body and keeps every other field', () => {
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(parse(injectSeed(CHAT, body, 42))).toEqual({ ...parse(body), seed: 42 });
    expect(parse(injectSeed(CHAT, '{}', 42))).toEqual({ seed: 42 });
    expect(parse(injectSeed(`${CHAT}?api-version=1`, '{ "a": 1 }', 3))).toEqual({ a: 1, seed: 3 });
  });

  it('leaves an explicit seed alone, and finds a missing one behind a "seed" in the text', () => {
    expect(parse(injectSeed(CHAT, '{"seed":7,"model":"m"}', 42))['seed']).toBe(7);
    const tricky = JSON.stringify({ messages: [{ content: 'the word "seed" here' }] });
    const out = parse(injectSeed(CHAT, tricky, 42));
    expect(out['seed']).toBe(42);
    expect(out['messages']).toEqual(parse(tricky)['messages']);
  });

  it('puts the seed into generationConfig for Gemini', () => {
    const url = 'https://g/v1beta/models/x:generateContent';
    expect(parse(injectSeed(url, '{"contents":[]}', 5))).toEqual({
      contents: [],
      generationConfig: { seed: 5 },
    });
    expect(
      parse(injectSeed(url, '{"generationConfig":{"temperature":0}}', 5))['generationConfig'],
    ).toEqual({ temperature: 0, seed: 5 });
  });

  it('changes nothing without a seed, for other endpoints or non-JSON bodies', () => {
    expect(injectSeed(CHAT, '{"a":1}', undefined)).toBe('{"a":1}');
    expect(injectSeed('http://x/v1/embeddings', '{"a":1}', 1)).toBe('{"a":1}');
    expect(injectSeed(CHAT, 'not json', 1)).toBe('not json');
    expect(injectSeed(CHAT, undefined, 1)).toBeUndefined();
  });
});
