// Values of the faker corpus, each drawn from one seeded faker instance: PII from faker's own
// generators (phone.number in every style, finance.creditCardNumber for every issuer the locale
// knows, internet.email, finance.iban …), secrets in their vendors' formats built from faker's
// random strings, and hard negatives (dates, order numbers, prices, versions, years, ISBNs,
// coordinates, counts) formatted the way the locale writes them (Intl).

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = `${ALNUM}_-`;
const PHONE_STYLES = ['human', 'national', 'international'];

/** IPv4 ranges a scrubber keeps by default (loopback, unspecified, multicast, broadcast). */
function isKeptIpv4(ip) {
  const first = Number(ip.split('.')[0]);
  return first === 0 || first === 127 || first >= 224;
}

/**
 * Value makers for one locale.
 * @param {import('@faker-js/faker').Faker} f seeded faker of the locale
 * @param {{ faker: string, tag: string, currency: string }} loc
 */
export function makeValues(f, loc) {
  const pick = (xs) => f.helpers.arrayElement(xs);
  const chance = (p) => f.number.float({ min: 0, max: 1 }) < p;
  const chars = (alphabet, n) => f.string.fromCharacters(alphabet, n);
  const digits = (n) => f.string.numeric({ length: n, allowLeadingZeros: true });
  const issuers = Object.keys(f.definitions.finance.credit_card);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  const someDate = () => f.date.between({ from: '2015-01-01', to: '2027-12-31' });

  const secrets = {
    openai_key: () =>
      pick([
        () => `sk-proj-${chars(URLSAFE, 74)}T3BlbkFJ${chars(URLSAFE, 74)}`,
        () => `sk-${chars(ALNUM, 20)}T3BlbkFJ${chars(ALNUM, 20)}`,
        () => `sk-svcacct-${chars(URLSAFE, 60)}`,
      ])(),
    anthropic_key: () => `sk-ant-api03-${chars(URLSAFE, 93)}AA`,
    github_token: () =>
      pick([
        () => `${pick(['ghp', 'gho', 'ghs'])}_${chars(ALNUM, 36)}`,
        () => `github_pat_${chars(ALNUM, 22)}_${chars(ALNUM, 59)}`,
      ])(),
    aws_access_key_id: () =>
      `${pick(['AKIA', 'ASIA'])}${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    aws_secret_key: () => chars(`${ALNUM}+/`, 40),
    slack_webhook: () =>
      `https://hooks.slack.com/services/T${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 8)}/B${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 8)}/${chars(ALNUM, 24)}`,
    // As a .env file holds it: one line, `\n` escapes between the PEM lines.
    private_key: () => {
      const label = pick([
        'RSA PRIVATE KEY',
        'PRIVATE KEY',
        'EC PRIVATE KEY',
        'OPENSSH PRIVATE KEY',
      ]);
      const lines = Array.from({ length: f.number.int({ min: 3, max: 6 }) }, () =>
        chars(`${ALNUM}+/`, 64),
      );
      return `-----BEGIN ${label}-----\\n${lines.join('\\n')}\\n-----END ${label}-----`;
    },
    auth_header: () => pick([() => chars(ALNUM, 32), () => `ya29.${chars(URLSAFE, 60)}`])(),
    stripe_key: () => `${pick(['sk', 'rk'])}_live_${chars(ALNUM, pick([24, 99]))}`,
    slack_token: () => `xoxb-${digits(12)}-${digits(13)}-${chars(ALNUM, 24)}`,
    google_api_key: () => `AIza${chars(URLSAFE, 35)}`,
    huggingface_token: () => `hf_${chars(ALNUM, 34)}`,
    jwt: () => f.internet.jwt(),
    secret_assignment: () => f.internet.password({ length: f.number.int({ min: 10, max: 20 }) }),
    url_credentials: () =>
      `${f.internet.username().replace(/[^A-Za-z0-9_.]/g, '')}:${f.internet.password({ length: 14 })}`,
  };

  return {
    pick,
    chance,
    phone: () => {
      const style = pick(PHONE_STYLES);
      return { value: f.phone.number({ style }), style };
    },
    card: () => {
      const issuer = pick(issuers);
      const raw = f.finance.creditCardNumber(issuer);
      return { value: chance(0.3) ? raw.replace(/-/g, ' ') : raw, issuer };
    },
    email: () => f.internet.email(),
    iban: () => f.finance.iban({ formatted: chance(0.5) }),
    ssn: () => {
      let area = f.number.int({ min: 1, max: 899 });
      if (area === 666) area = 665;
      const v = `${pad(area, 3)}-${pad(f.number.int({ min: 1, max: 99 }))}-${pad(f.number.int({ min: 1, max: 9999 }), 4)}`;
      return chance(0.2) ? v.replace(/-/g, ' ') : v;
    },
    ipv4: () => {
      let ip = f.internet.ipv4();
      while (isKeptIpv4(ip)) ip = f.internet.ipv4();
      return ip;
    },
    ipv6: () => {
      // ff00::/8 is multicast, which scrubbers keep by default (not a host).
      let ip = f.internet.ipv6();
      while (ip.startsWith('ff')) ip = f.internet.ipv6();
      return ip;
    },
    secretTypes: Object.keys(secrets),
    secret: (type) => secrets[type](),
    name: () => f.person.fullName(),
    address: () => `${f.location.streetAddress()}, ${f.location.zipCode()} ${f.location.city()}`,
    dob: () => {
      const d = f.date.birthdate();
      return chance(0.5)
        ? new Intl.DateTimeFormat(loc.tag, { dateStyle: pick(['short', 'medium']) }).format(d)
        : d.toISOString().slice(0, 10);
    },
    company: () => f.company.name(),
    product: () => f.commerce.productName(),
    city: () => f.location.city(),
    words: (n) => f.lorem.words(n),
    time: () => {
      const d = someDate();
      return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}`;
    },
  };
}

/** The hard-negative kinds the corpus plants. */
export const NEGATIVE_KINDS = [
  'date',
  'order',
  'price',
  'version',
  'year',
  'isbn',
  'coordinates',
  'count',
];

/**
 * Hard-negative makers for one locale: `{ [kind]: () => string }`, values no scrubber should
 * touch.
 * @param {import('@faker-js/faker').Faker} f seeded faker of the locale
 * @param {{ tag: string, currency: string }} loc
 */
export function makeNegatives(f, loc) {
  const pick = (xs) => f.helpers.arrayElement(xs);
  const int = (min, max) => f.number.int({ min, max });
  const digits = (n) => f.string.numeric({ length: n, allowLeadingZeros: true });
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  const year = () => String(f.date.past({ years: 60 }).getFullYear());
  const day = () => f.date.between({ from: '2015-01-01', to: '2027-12-31' });
  const coord = (max) => f.number.float({ min: -max, max, fractionDigits: int(4, 6) });
  return {
    date: () => {
      const d = day();
      const iso = d.toISOString();
      return pick([
        () => iso.slice(0, 10),
        () => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`,
        () => new Intl.DateTimeFormat(loc.tag, { dateStyle: 'short' }).format(d),
        () => new Intl.DateTimeFormat(loc.tag, { dateStyle: 'medium' }).format(d),
        () => new Intl.DateTimeFormat(loc.tag, { dateStyle: 'long' }).format(d),
        () => `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`,
        () => `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`,
      ])();
    },
    order: () =>
      pick([
        () => `#${digits(int(6, 9))}`,
        () => `ORD-${year()}-${digits(6)}`,
        () => `${int(1, 9)}${digits(int(7, 11))}`,
        () => `INV-${digits(7)}`,
        () => `PO 45${digits(8)}`,
        () => `${digits(3)}-${digits(7)}-${digits(7)}`,
      ])(),
    price: () => {
      const amount = f.number.float({ min: 1, max: 250000, fractionDigits: 2 });
      return pick([
        () =>
          new Intl.NumberFormat(loc.tag, { style: 'currency', currency: loc.currency }).format(
            amount,
          ),
        () => f.commerce.price({ symbol: pick(['$', '€', '£', '¥']) }),
        () =>
          `${new Intl.NumberFormat(loc.tag, { minimumFractionDigits: 2 }).format(amount)} ${loc.currency}`,
      ])();
    },
    version: () =>
      pick([
        () => f.system.semver(),
        () => `v${f.system.semver()}`,
        () => `10.0.${int(10000, 26100)}.${int(1, 6999)}`,
        () => `${int(100, 131)}.0.${int(1000, 6999)}.${int(10, 250)}`,
        () => `${int(1, 9)}.${int(0, 40)}.${int(0, 20)}-rc.${int(1, 9)}`,
      ])(),
    year: () =>
      pick([
        () => year(),
        () => {
          const a = Number(year());
          return `${a}–${a + int(1, 12)}`;
        },
        () => {
          const a = Number(year());
          return `${a} ${a + 1} ${a + 2}`;
        },
      ])(),
    isbn: () => f.commerce.isbn({ variant: pick([10, 13]), separator: pick(['-', '-', ' ', '']) }),
    coordinates: () => {
      const lat = coord(90);
      const lon = coord(180);
      return pick([
        () => `${lat}, ${lon}`,
        () => `${Math.abs(lat)}° ${lat < 0 ? 'S' : 'N'}, ${Math.abs(lon)}° ${lon < 0 ? 'W' : 'E'}`,
        () => `${lat} ${lon}`,
        () => `(${lat},${lon})`,
      ])();
    },
    count: () => new Intl.NumberFormat(loc.tag).format(int(1000, 999_999_999)),
  };
}
