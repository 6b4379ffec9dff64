// Deterministic generators for labelled PII/secret values. Every value follows its format's
// rules (Luhn, mod-97 with per-country lengths, SSN area/group/serial, IP ranges) computed in
// code, so the labelled corpus is not tuned to hand-picked examples.

/** mulberry32: small, fast, seedable PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(next() * arr.length)];
  const chars = (alphabet, n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  };
  return { next, int, pick, chars };
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const ALNUM = LOWER + UPPER + DIGITS;
const B64 = ALNUM + '+/';
const HEX = '0123456789abcdef';

export const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Maria',
  'Ahmed',
  'Fatima',
  'Wei',
  'Mei',
  'Hiroshi',
  'Yuki',
  'Olga',
  'Ivan',
  'Priya',
  'Rahul',
  'Emma',
  'Lucas',
  'Sophie',
  'Noah',
  'Chloe',
  'Liam',
];
export const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Nguyen',
  'Patel',
  'Kim',
  'Schmidt',
  'Rossi',
  'Dubois',
];
const DOMAINS = [
  'example.com',
  'mail.example.org',
  'corp.example.net',
  'gmail.com',
  'outlook.com',
  'uni-heidelberg.de',
  'company.co.uk',
  'startup.io',
  'agency.gov',
  'firma.fr',
  'yahoo.co.jp',
  'sub.domain.example.travel',
];
const STREETS = [
  'Main',
  'Oak',
  'Pine',
  'Maple',
  'Cedar',
  'Elm',
  'Washington',
  'Lake',
  'Hill',
  'Park',
  'Sunset',
  'Lincoln',
  'Jackson',
  'Highland',
  'Church',
  'Mill',
];
const SUFFIXES = [
  'Street',
  'St',
  'Avenue',
  'Ave',
  'Road',
  'Rd',
  'Boulevard',
  'Blvd',
  'Lane',
  'Ln',
  'Drive',
  'Dr',
  'Court',
  'Way',
  'Place',
  'Terrace',
];
const CITIES = [
  ['Springfield', 'IL'],
  ['Austin', 'TX'],
  ['Portland', 'OR'],
  ['Denver', 'CO'],
  ['Boston', 'MA'],
  ['San Jose', 'CA'],
];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function luhnComplete(partial) {
  // Appends the check digit that makes `partial + d` Luhn-valid.
  let sum = 0;
  let dbl = true;
  for (let i = partial.length - 1; i >= 0; i--) {
    let d = partial.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return partial + String((10 - (sum % 10)) % 10);
}

export function mod97(s) {
  let rem = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    rem = c >= 65 ? (rem * 100 + (c - 55)) % 97 : (rem * 10 + (c - 48)) % 97;
  }
  return rem;
}

// country → [length, BBAN shape: 'n' digit, 'a' upper letter, 'c' alnum]
const IBAN_SHAPES = {
  DE: 'nnnnnnnnnnnnnnnnnn',
  GB: 'aaaannnnnnnnnnnnnn',
  FR: 'nnnnnnnnnnccccccccccc' + 'nn',
  ES: 'nnnnnnnnnnnnnnnnnnnn',
  IT: 'annnnnnnnnncccccccccccc',
  NL: 'aaaannnnnnnnnn',
  BE: 'nnnnnnnnnnnn',
  CH: 'nnnnncccccccccccc',
  AT: 'nnnnnnnnnnnnnnnn',
  PL: 'nnnnnnnnnnnnnnnnnnnnnnnn',
  SE: 'nnnnnnnnnnnnnnnnnnnn',
  NO: 'nnnnnnnnnnn',
  DK: 'nnnnnnnnnnnnnn',
  FI: 'nnnnnnnnnnnnnn',
  IE: 'aaaannnnnnnnnnnnnn',
  PT: 'nnnnnnnnnnnnnnnnnnnnn',
  LU: 'nnnccccccccccccc',
  CZ: 'nnnnnnnnnnnnnnnnnnnn',
  HU: 'nnnnnnnnnnnnnnnnnnnnnnnn',
  RO: 'aaaacccccccccccccccc',
  GR: 'nnnnnnncccccccccccccccc',
  TR: 'nnnnnncccccccccccccccc',
  SA: 'nncccccccccccccccccc',
  AE: 'nnnnnnnnnnnnnnnnnnn',
  BR: 'nnnnnnnnnnnnnnnnnnnnnnnac',
  MT: 'aaaannnnncccccccccccccccccc',
  HR: 'nnnnnnnnnnnnnnnnn',
  EE: 'nnnnnnnnnnnnnnnn',
  LT: 'nnnnnnnnnnnnnnnn',
  IS: 'nnnnnnnnnnnnnnnnnnnnnn',
  IL: 'nnnnnnnnnnnnnnnnnnn',
  KW: 'aaaacccccccccccccccccccccc',
};

const IBAN_LEN = {
  AD: 24,
  AE: 23,
  AT: 20,
  BE: 16,
  BR: 29,
  CH: 21,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IS: 26,
  IT: 27,
  KW: 30,
  LT: 20,
  LU: 20,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SA: 24,
  SE: 24,
  TR: 26,
};
for (const [c, shape] of Object.entries(IBAN_SHAPES)) {
  if (IBAN_LEN[c] !== shape.length + 4)
    throw new Error(
      `IBAN shape for ${c} has ${shape.length + 4} chars, registry says ${IBAN_LEN[c]}`,
    );
}

export function makeGenerators(r) {
  const first = () => r.pick(FIRST);
  const last = () => r.pick(LAST);
  const gens = {
    email: () => {
      const f = first().toLowerCase();
      const l = last().toLowerCase();
      const local = r.pick([
        `${f}.${l}`,
        `${f}_${l}${r.int(1, 99)}`,
        `${f[0]}${l}`,
        `${f}+${r.pick(['news', 'work', 'x'])}`,
        `${l}.${f}-${r.int(1, 9)}`,
        `${f}${r.int(1970, 2005)}`,
      ]);
      const e = `${local}@${r.pick(DOMAINS)}`;
      return r.next() < 0.1 ? e.toUpperCase() : e;
    },
    phone: () => {
      const area = `${r.int(2, 9)}${r.chars(DIGITS, 2)}`;
      const exch = `${r.int(2, 9)}${r.chars(DIGITS, 2)}`;
      const line = r.chars(DIGITS, 4);
      return r.pick([
        () => `+1 (${area}) ${exch}-${line}`,
        () => `+1-${area}-${exch}-${line}`,
        () => `+1${area}${exch}${line}`,
        () => `(${area}) ${exch}-${line}`,
        () => `${area}-${exch}-${line}`,
        () => `${area}.${exch}.${line}`,
        () => `+44 20 ${r.chars(DIGITS, 4)} ${r.chars(DIGITS, 4)}`,
        () => `+44 7${r.chars(DIGITS, 3)} ${r.chars(DIGITS, 6)}`,
        () => `020 ${r.chars(DIGITS, 4)} ${r.chars(DIGITS, 4)}`,
        () => `07${r.chars(DIGITS, 3)} ${r.chars(DIGITS, 6)}`,
        () => `+49 30 ${r.chars(DIGITS, 8)}`,
        () => `+49 ${r.int(151, 179)} ${r.chars(DIGITS, 7)}`,
        () => `030 ${r.chars(DIGITS, 8)}`,
        () =>
          `+33 ${r.int(1, 9)} ${r.chars(DIGITS, 2)} ${r.chars(DIGITS, 2)} ${r.chars(DIGITS, 2)} ${r.chars(DIGITS, 2)}`,
        () =>
          `0${r.int(1, 9)} ${r.chars(DIGITS, 2)} ${r.chars(DIGITS, 2)} ${r.chars(DIGITS, 2)} ${r.chars(DIGITS, 2)}`,
        () => `+81 3-${r.chars(DIGITS, 4)}-${r.chars(DIGITS, 4)}`,
        () => `+91 ${r.int(7, 9)}${r.chars(DIGITS, 4)} ${r.chars(DIGITS, 5)}`,
        () => `+61 4${r.chars(DIGITS, 2)} ${r.chars(DIGITS, 3)} ${r.chars(DIGITS, 3)}`,
        () => `+55 11 9${r.chars(DIGITS, 4)}-${r.chars(DIGITS, 4)}`,
        () => `+${r.int(30, 49)}${r.chars(DIGITS, 9)}`,
      ])();
    },
    ssn: () => {
      let area;
      do area = r.int(1, 899);
      while (area === 666);
      const g = String(r.int(1, 99)).padStart(2, '0');
      const s = String(r.int(1, 9999)).padStart(4, '0');
      const a = String(area).padStart(3, '0');
      return r.next() < 0.8 ? `${a}-${g}-${s}` : `${a} ${g} ${s}`;
    },
    credit_card: () => {
      const [prefix, len] = r.pick([
        ['4', 16],
        ['4', 16],
        ['51', 16],
        ['55', 16],
        ['2221', 16],
        ['2720', 16],
        ['34', 15],
        ['37', 15],
        ['6011', 16],
        ['65', 16],
        ['3530', 16],
        ['36', 14],
        ['62', 16],
        ['4', 19],
      ]);
      const num = luhnComplete(prefix + r.chars(DIGITS, len - prefix.length - 1));
      const style = r.int(0, 2);
      if (style === 0) return num;
      const sep = style === 1 ? ' ' : '-';
      if (len === 15) return [num.slice(0, 4), num.slice(4, 10), num.slice(10)].join(sep);
      if (len === 14) return [num.slice(0, 4), num.slice(4, 10), num.slice(10)].join(sep);
      return num.match(/.{1,4}/g).join(sep);
    },
    iban: () => {
      const country = r.pick(Object.keys(IBAN_SHAPES));
      const bban = [...IBAN_SHAPES[country]]
        .map((c) =>
          c === 'n'
            ? r.chars(DIGITS, 1)
            : c === 'a'
              ? r.chars(UPPER, 1)
              : r.chars(UPPER + DIGITS, 1),
        )
        .join('');
      const check = String(98 - mod97(`${bban}${country}00`)).padStart(2, '0');
      const iban = `${country}${check}${bban}`;
      return r.next() < 0.5 ? iban : iban.match(/.{1,4}/g).join(' ');
    },
    ipv4: () => {
      const kind = r.int(0, 3);
      if (kind === 0) return `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
      if (kind === 1) return `192.168.${r.int(0, 255)}.${r.int(1, 254)}`;
      if (kind === 2) return `${r.pick(['192.0.2', '198.51.100', '203.0.113'])}.${r.int(1, 254)}`;
      return `${r.pick([8, 23, 34, 52, 81, 91, 104, 151, 185, 212])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
    },
    ipv6: () => {
      const g = () => r.chars(HEX, r.int(1, 4)).replace(/^0+(?=.)/, '');
      return r.pick([
        () => `2001:db8:${g()}:${g()}::${g()}`,
        () => `2001:0db8:85a3:0000:0000:8a2e:0370:${r.chars(DIGITS, 4)}`,
        () => `fe80::${g()}:${r.chars(HEX, 2)}ff:fe${r.chars(HEX, 2)}:${g()}`,
        () =>
          `2a0${r.int(0, 9)}:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}:${r.int(1, 9)}${r.chars(HEX, r.int(0, 3))}`,
        () => `2606:4700::${r.int(1, 9)}${r.chars(HEX, 3)}`,
        () => `::ffff:${r.int(11, 99)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
        () => `fd${r.chars(HEX, 2)}:${g()}:${g()}::${r.int(1, 9)}`,
      ])();
    },
    url_credentials: () =>
      `${r.pick(['admin', 'deploy', 'svc_app', first().toLowerCase()])}:${r.chars(ALNUM, r.int(8, 16))}${r.pick(['', '!', '%40x'])}`,
    date_of_birth: () => {
      const y = r.int(1940, 2008);
      const m = r.int(1, 12);
      const d = r.int(1, 28);
      const p = (n) => String(n).padStart(2, '0');
      return r.pick([
        `${y}-${p(m)}-${p(d)}`,
        `${p(m)}/${p(d)}/${y}`,
        `${p(d)}.${p(m)}.${y}`,
        `${MONTHS[m - 1]} ${d}, ${y}`,
        `${d} ${MONTHS[m - 1]} ${y}`,
        `${MONTHS[m - 1].slice(0, 3)} ${d}, ${y}`,
      ]);
    },
    street_address: () => {
      const base = `${r.int(1, 9999)} ${r.next() < 0.2 ? r.pick(['N', 'S', 'E', 'W']) + ' ' : ''}${r.pick(STREETS)} ${r.pick(SUFFIXES)}`;
      const unit =
        r.next() < 0.3
          ? `, ${r.pick(['Apt', 'Suite', 'Unit'])} ${r.int(1, 40)}${r.pick(['', 'B'])}`
          : '';
      const [city, st] = r.pick(CITIES);
      const tail = r.next() < 0.5 ? `, ${city}, ${st} ${r.chars(DIGITS, 5)}` : '';
      return base + unit + tail;
    },
    person_name: () => `${first()} ${last()}`,
    openai_key: () =>
      r.pick([
        () => `sk-${r.chars(ALNUM, 20)}T3BlbkFJ${r.chars(ALNUM, 20)}`,
        () => `sk-proj-${r.chars(ALNUM + '_-', 74)}T3BlbkFJ${r.chars(ALNUM + '_-', 74)}`,
        () => `sk-proj-${r.chars(ALNUM, 48)}`,
        () => `sk-svcacct-${r.chars(ALNUM + '_-', 60)}`,
        () => `sk-${r.chars(ALNUM, 48)}`,
      ])(),
    anthropic_key: () => `sk-ant-${r.pick(['api03', 'admin01'])}-${r.chars(ALNUM + '_-', 93)}AA`,
    google_api_key: () => `AIza${r.chars(ALNUM + '_-', 35)}`,
    huggingface_token: () => `hf_${r.chars(ALNUM, 34)}`,
    aws_access_key_id: () =>
      `${r.pick(['AKIA', 'ASIA', 'AROA', 'AIDA'])}${r.chars(UPPER + '234567', 16)}`,
    aws_secret_key: () => r.chars(B64, 40),
    github_token: () =>
      r.pick([
        () => `${r.pick(['ghp', 'gho', 'ghs', 'ghu'])}_${r.chars(ALNUM, 36)}`,
        () => `github_pat_${r.chars(ALNUM, 22)}_${r.chars(ALNUM, 59)}`,
      ])(),
    slack_token: () =>
      r.pick([
        () => `xoxb-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${r.chars(ALNUM, 24)}`,
        () =>
          `xoxp-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${r.chars(HEX, 32)}`,
        () => `xapp-1-A${r.chars(UPPER + DIGITS, 10)}-${r.chars(DIGITS, 13)}-${r.chars(HEX, 64)}`,
      ])(),
    slack_webhook: () =>
      `https://hooks.slack.com/services/T${r.chars(UPPER + DIGITS, 8)}/B${r.chars(UPPER + DIGITS, 8)}/${r.chars(ALNUM, 24)}`,
    stripe_key: () =>
      `${r.pick(['sk', 'rk'])}_${r.pick(['live', 'test'])}_${r.chars(ALNUM, r.pick([24, 99]))}`,
    jwt: () => {
      const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${enc({ alg: r.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' })}.${enc({ sub: r.chars(DIGITS, 8), name: first(), iat: r.int(1.6e9, 1.8e9) })}.${r.chars(ALNUM + '_-', 43)}`;
    },
    private_key: () => {
      const label = r.pick([
        'RSA PRIVATE KEY',
        'PRIVATE KEY',
        'EC PRIVATE KEY',
        'OPENSSH PRIVATE KEY',
        'ENCRYPTED PRIVATE KEY',
      ]);
      const lines = Array.from({ length: r.int(3, 8) }, () => r.chars(B64, 64));
      const nl = r.next() < 0.3 ? '\\n' : '\n';
      return `-----BEGIN ${label}-----${nl}${lines.join(nl)}${nl}-----END ${label}-----`;
    },
    auth_header: () =>
      r.pick([
        () => r.chars(ALNUM, 32),
        () => Buffer.from(`${first().toLowerCase()}:${r.chars(ALNUM, 10)}`).toString('base64'),
        () => `${r.chars(HEX, 40)}`,
        () => `ya29.${r.chars(ALNUM + '_-', 60)}`,
      ])(),
    secret_assignment: () =>
      r.pick([
        () => r.chars(ALNUM, r.int(10, 24)),
        () => `${r.pick(['Summer', 'Winter', 'Blue'])}${r.int(2019, 2025)}!${r.chars(ALNUM, 3)}`,
        () => r.chars(ALNUM + '!@#%^*', r.int(12, 20)),
        () => r.chars(HEX, 32),
      ])(),
  };
  return gens;
}
