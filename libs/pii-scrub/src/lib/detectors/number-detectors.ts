/* eslint-disable no-useless-escape -- '-' and '/' are escaped inside character classes on purpose, so a class stays correct when edited. */
import { ENTITY_PRIORITY } from '../entity-types';
import { isValidIban, IBAN_LENGTHS } from '../validators/iban-validator';
import { isValidSsn } from '../validators/ssn-validator';
import type { Detector } from './detector';
import { eachMatch } from '../text/each-match';
import { isWordCode, prevIs } from '../text/char-predicates';

/** What both SSN forms need: 3, 2 and 4 digits, at most one separator between. */
const SSN_DIGITS = /\d{3}[\- ]?\d{2}[\- ]?\d{4}/;
const SSN_SEPARATED = /\b\d{3}[\- ]\d{2}[\- ]\d{4}(?![\w\-]|[.:\/]\d)/g;
const SSN_LABELLED =
  /\b(?:ssn|social security(?: number| no\.?)?|soc\.? sec\.?)\b["']?\s*(?:#|no\.?|number)?\s*[:=]?\s*["']?(\d{9})\b/gi;

function hasSsnLabel(t: string): boolean {
  return (
    t.indexOf('ssn') >= 0 ||
    t.indexOf('SSN') >= 0 ||
    t.indexOf('ocial') >= 0 ||
    t.indexOf('OCIAL') >= 0 ||
    t.indexOf('Ssn') >= 0 ||
    /soc\.? ?sec/i.test(t)
  );
}

/** US SSNs written `123-45-6789` / `123 45 6789`, or 9 bare digits right after an SSN label. */
export const ssnDetector: Detector = {
  type: 'ssn',
  priority: ENTITY_PRIORITY.ssn,
  needs: ['nineDigitRun'],
  mayMatch: (t) => SSN_DIGITS.test(t),
  scan(text, emit) {
    eachMatch(SSN_SEPARATED, text, (m) => {
      if (prevIs(text, m.index, '-./:') || m[0][3] !== m[0][6]) return;
      if (isValidSsn(m[0].replace(/[\- ]/g, ''))) emit(m.index, m.index + m[0].length);
    });
    if (!hasSsnLabel(text)) return;
    eachMatch(SSN_LABELLED, text, (m) => {
      const digits = m[1] ?? '';
      if (isValidSsn(digits)) emit(m.index + m[0].length - digits.length, m.index + m[0].length);
    });
  },
};

const IBAN_CANDIDATE = /\b[A-Z]{2}\d{2}(?: ?[A-Za-z0-9]){10,34}/g;

/** IBANs: known country, that country's length, mod-97 checksum; compact or in groups. */
export const ibanDetector: Detector = {
  type: 'iban',
  priority: ENTITY_PRIORITY.iban,
  needs: ['ibanStart'],
  mayMatch: () => true,
  scan(text, emit) {
    eachMatch(IBAN_CANDIDATE, text, (m) => {
      const len = IBAN_LENGTHS[m[0].slice(0, 2)];
      if (len === undefined) return;
      const s = m[0];
      let compact = '';
      let i = 0;
      while (i < s.length && compact.length < len) {
        if (s[i] !== ' ') compact += s[i];
        i++;
      }
      if (compact.length !== len) return;
      const after = text.charCodeAt(m.index + i);
      if (isWordCode(after)) return;
      if (isValidIban(compact.toUpperCase())) {
        emit(m.index, m.index + i);
        IBAN_CANDIDATE.lastIndex = m.index + i;
      }
    });
  },
};

const DOB_LABEL =
  /\b(?:d\.?o\.?b\.?|date[ _\-]?of[ _\-]?birth|birth[ _\-]?date|birth[ _\-]?day|born(?: on)?|geburtsdatum|geb\.|fecha de nacimiento|date de naissance)(?![A-Za-z])["']?\s*(?:[:=]|is|was|-)?\s*["']?/gi;
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE_AT = new RegExp(
  `(?:(\\d{4})[\\-/.](\\d{1,2})[\\-/.](\\d{1,2})|(\\d{1,2})[\\-/.](\\d{1,2})[\\-/.](\\d{4}|\\d{2})|(?:\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\.?,?\\s+\\d{4})|(?:(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}))(?![\\w])`,
  'iy',
);

/** Dates of birth, only when a label (`DOB:`, `date of birth`, `born on`) precedes the date. */
export const dateOfBirthDetector: Detector = {
  type: 'date_of_birth',
  priority: ENTITY_PRIORITY.date_of_birth,
  // One of these is in every DOB_LABEL alternative.
  triggers: ['birth', 'dob', 'd.ob', 'do.b', 'd.o.b', 'born', 'geb', 'nacimiento', 'naissance'],
  mayMatch: () => true,
  scan(text, emit) {
    eachMatch(DOB_LABEL, text, (m) => {
      DATE_AT.lastIndex = m.index + m[0].length;
      const d = DATE_AT.exec(text);
      if (!d) return;
      const ymd = d[1] !== undefined;
      const a = Number(ymd ? d[2] : d[4]);
      const b = Number(ymd ? d[3] : d[5]);
      if (d[1] !== undefined || d[4] !== undefined) {
        const okMonthDay = (mo: number, da: number) => mo >= 1 && mo <= 12 && da >= 1 && da <= 31;
        if (ymd ? !okMonthDay(a, b) : !(okMonthDay(a, b) || okMonthDay(b, a))) return;
      }
      emit(d.index, d.index + d[0].length);
    });
  },
};

const STREET_SUFFIX =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Crescent|Close|Alley|Plaza|Row';
/** Whitespace within one line: an address never continues on the next line. */
const SP = '[^\\S\\r\\n]';
const STREET_ADDRESS = new RegExp(
  `\\b\\d{1,6}[A-Za-z]?${SP}+(?:(?:[NSEW]|North|South|East|West|NE|NW|SE|SW)\\.?${SP}+)?(?:[A-Z][A-Za-z'\\-]+${SP}+|\\d{1,3}(?:st|nd|rd|th)${SP}+){1,3}(?:${STREET_SUFFIX})\\b\\.?(?:,?${SP}+(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|#)\\.?${SP}*#?[A-Za-z0-9\\-]{1,6}\\b)?(?:,${SP}*[A-Z][A-Za-z]+(?:${SP}[A-Z][A-Za-z]+){0,2},${SP}*[A-Z]{2}${SP}+\\d{5}(?:-\\d{4})?\\b)?`,
  'g',
);
const STREET_HINT = new RegExp(`\\b(?:${STREET_SUFFIX})\\b`);
/** US-style street addresses: number, capitalised street name, suffix, optional unit/city/ZIP. */
export const streetAddressDetector: Detector = {
  type: 'street_address',
  priority: ENTITY_PRIORITY.street_address,
  // The probe's `streetNumber` shape (house number, token, capital) comes first: it fails on
  // log lines, while the suffix alternation would be tried at every word boundary.
  needs: ['streetNumber'],
  mayMatch: (t) => STREET_HINT.test(t),
  scan(text, emit) {
    eachMatch(STREET_ADDRESS, text, (m) => {
      if (!prevIs(text, m.index, '-.,:/')) emit(m.index, m.index + m[0].length);
    });
  },
};
