import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as LexiconModule from './name-lexicon';
import { COMPROMISE_VERSION, nameLexiconSnapshotSchema } from './name-lexicon-snapshot';

/** A fresh copy of the lexicon module (it builds its lexicon once per module instance). */
function freshLexicon(options: { compromiseMissing?: boolean } = {}): typeof LexiconModule {
  let mod: typeof LexiconModule | undefined;
  jest.isolateModules(() => {
    if (options.compromiseMissing)
      jest.doMock('compromise', () => {
        throw new Error('compromise loaded although a snapshot was there');
      });
    mod = jest.requireActual<typeof LexiconModule>('./name-lexicon');
  });
  return mod as typeof LexiconModule;
}

const SAMPLE = ['maria', 'gonzalez', 'mark', 'jordan', 'dr', 'paris', 'june', 'ford', 'brown'];

describe('name lexicon snapshot', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cited-lexicon-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    jest.dontMock('compromise');
  });

  it('is written 0600 on first use and read back instead of loading compromise, with the same classes', () => {
    const file = join(dir, 'cache', 'name-lexicon.json');
    const first = freshLexicon();
    first.useNameLexiconSnapshot(file);
    const built = first.nameLexicon();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const snapshot = nameLexiconSnapshotSchema.parse(JSON.parse(readFileSync(file, 'utf8')));

    const second = freshLexicon({ compromiseMissing: true });
    second.useNameLexiconSnapshot(file);
    const read = second.nameLexicon();
    const words = Object.values(snapshot.words).flat();
    expect(words.length).toBeGreaterThan(20_000);
    // Every word of compromise's lexicon, unknown words (suffix rules) and phrases agree.
    for (const w of [...words, ...SAMPLE, 'kowalczykowa', 'andersson', 'xqzt'])
      expect([w, read.classify(w)]).toEqual([w, built.classify(w)]);
    for (const p of Object.values(snapshot.phrases).flat())
      expect([p, read.multi(p)]).toEqual([p, built.multi(p)]);
  });

  it('rebuilds a malformed or outdated snapshot from compromise and replaces it', () => {
    const file = join(dir, 'name-lexicon.json');
    for (const bad of ['{"format":1', JSON.stringify({ format: 1, compromise: '0.0.1' })]) {
      writeFileSync(file, bad);
      const lex = freshLexicon();
      lex.useNameLexiconSnapshot(file);
      expect(lex.nameLexicon().classify('maria')).toBe(lex.WordClass.Given);
      const again = nameLexiconSnapshotSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      expect(again.success).toBe(true);
    }
  });

  it('names the compromise release that is installed', () => {
    const nlp = jest.requireActual<{ version: string }>('compromise');
    expect(COMPROMISE_VERSION).toBe(nlp.version);
  });
});
