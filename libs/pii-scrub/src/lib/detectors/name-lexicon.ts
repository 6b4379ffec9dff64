import type Nlp from 'compromise';
import {
  COMPROMISE_VERSION,
  groupByClass,
  readNameLexiconSnapshot,
  ungroup,
  writeNameLexiconSnapshot,
} from './name-lexicon-snapshot';

/** What compromise's lexicon says a capitalised word is, as far as person names go. */
export const WordClass = {
  /** Not in the lexicon and no suffix rule applies. */
  Unknown: 0,
  /** An unambiguous given name (compromise `MaleName`/`FemaleName`). */
  Given: 1,
  /** A given name that is also a common word (compromise `FirstName`: Mark, Grace, Chase). */
  GivenAmbiguous: 2,
  /** A name that is also a place or a famous single name (compromise `Person`: Lee, Jordan). */
  Personish: 3,
  /** A family name (compromise `LastName`, or its surname suffix rules: -sson, -opoulos). */
  Surname: 4,
  /** A title before a name (compromise `Honorific`: Dr, Mrs, Prof, Sir). */
  Honorific: 5,
  /** Any other word compromise knows: verbs, nouns, adjectives, determiners, expressions. */
  Common: 6,
  /** Places, months, weekdays, holidays, demonyms, units: never part of a name. */
  NotName: 7,
  /** Organisations: often a surname too (Dupont, Ford), so only after a given name. */
  Organization: 8,
  /** Adjectives (Brown, White, Young): surnames too, so only after a name word. */
  Adjective: 9,
} as const;
/** One of {@link WordClass}'s values. */
export type WordClass = (typeof WordClass)[keyof typeof WordClass];

/** The lexicon as the scanner uses it: single words and multi-word entries, lower case. */
export interface NameLexicon {
  classify(lowerWord: string): WordClass;
  /** Class of a multi-word entry ("new york", "bill gates"), or undefined. */
  multi(lowerPhrase: string): WordClass | undefined;
}

const NOT_NAME_TAGS = new Set([
  'Place',
  'City',
  'Country',
  'Region',
  'Month',
  'WeekDay',
  'Date',
  'Holiday',
  'Demonym',
  'Currency',
  'Unit',
  'Duration',
]);

function classOfTags(tags: readonly string[]): WordClass {
  // Order matters: compromise lists one word under several tags (dr: Abbreviation+Honorific).
  if (tags.includes('Honorific')) return WordClass.Honorific;
  if (tags.includes('MaleName') || tags.includes('FemaleName')) return WordClass.Given;
  if (tags.includes('FirstName')) return WordClass.GivenAmbiguous;
  if (tags.includes('LastName')) return WordClass.Surname;
  if (tags.includes('Person')) return WordClass.Personish;
  if (tags.some((t) => NOT_NAME_TAGS.has(t))) return WordClass.NotName;
  if (tags.includes('Organization') || tags.includes('SportsTeam')) return WordClass.Organization;
  if (tags.includes('Adjective') || tags.includes('Comparative')) return WordClass.Adjective;
  return WordClass.Common;
}

interface CompromiseModel {
  one: { lexicon: Record<string, string | string[]> };
  two: { suffixPatterns: Array<Record<string, string> | null | undefined> };
}

let lexicon: NameLexicon | undefined;
let snapshotFile: string | undefined;

/**
 * Keeps the name lexicon in `file` (JSON, mode 0600; compromise's public word lists, no user
 * data): the first scan that needs it reads it from there instead of loading compromise
 * (≈0.2–0.3 s of CPU), and writes it there when it had to load compromise. A missing,
 * malformed or outdated file is rebuilt. Undefined keeps it in memory only (the default).
 * Only a lexicon not built yet is affected.
 */
export function useNameLexiconSnapshot(file: string | undefined): void {
  snapshotFile = file;
}

type SuffixTables = Array<[number, Map<string, WordClass>]>;

/** The lexicon's words, phrases and suffix rules (longest suffix first). */
interface LexiconTables {
  words: Map<string, WordClass>;
  phrases: Map<string, WordClass>;
  suffixes: SuffixTables;
}

/**
 * The tables from the snapshot file when it holds them, else from compromise (then written to
 * the snapshot file, when one is set and compromise is the release the snapshot records).
 */
function lexiconTables(): LexiconTables {
  const snapshot = snapshotFile ? readNameLexiconSnapshot(snapshotFile) : undefined;
  if (snapshot)
    return {
      words: ungroup<WordClass>(snapshot.words),
      phrases: ungroup<WordClass>(snapshot.phrases),
      suffixes: snapshot.suffixes.map(([len, table]) => [len, ungroup<WordClass>(table)]),
    };
  const { version, ...tables } = fromCompromise();
  if (snapshotFile && version === COMPROMISE_VERSION)
    writeNameLexiconSnapshot(snapshotFile, {
      words: groupByClass(tables.words),
      phrases: groupByClass(tables.phrases),
      suffixes: tables.suffixes.map(([len, table]) => [len, groupByClass(table)]),
    });
  return tables;
}

/** Words, phrases and suffix rules from compromise's own data (loading it takes ≈0.3 s). */
function fromCompromise(): LexiconTables & { version: string } {
  const nlp = require('compromise') as typeof Nlp;
  const model = nlp.model() as unknown as CompromiseModel;
  const words = new Map<string, WordClass>();
  const phrases = new Map<string, WordClass>();
  for (const [word, tag] of Object.entries(model.one.lexicon)) {
    const cls = classOfTags(typeof tag === 'string' ? [tag] : tag);
    if (word.includes(' ')) phrases.set(word, cls);
    else words.set(word, cls);
  }
  // Suffix rules, longest first, as compromise applies them to words it does not know.
  const suffixes: SuffixTables = [];
  model.two.suffixPatterns.forEach((table, len) => {
    if (!table) return;
    const m = new Map<string, WordClass>();
    for (const [suffix, tag] of Object.entries(table)) m.set(suffix, classOfTags([tag]));
    suffixes.unshift([len, m]);
  });
  return { words, phrases, suffixes, version: nlp.version };
}

/**
 * Builds the lexicon from the data compromise ships (≈25k words and its suffix rules), once,
 * on first use, or reads it from the snapshot file set by {@link useNameLexiconSnapshot}.
 * Only the `strict` profile scans for names.
 */
export function nameLexicon(): NameLexicon {
  if (lexicon) return lexicon;
  const { words, phrases, suffixes } = lexiconTables();
  const cache = new Map<string, WordClass>();
  lexicon = {
    classify(w) {
      const known = words.get(w) ?? cache.get(w);
      if (known !== undefined) return known;
      let cls: WordClass = WordClass.Unknown;
      for (const [len, table] of suffixes) {
        if (w.length <= len) continue;
        const hit = table.get(w.slice(-len));
        if (hit !== undefined) {
          cls = hit;
          break;
        }
      }
      if (cache.size < 50_000) cache.set(w, cls);
      return cls;
    },
    multi: (p) => phrases.get(p),
  };
  return lexicon;
}
