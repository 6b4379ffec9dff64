// Document layouts of the faker corpus: forms, chats, letters, CSV exports, JSON and JSONL
// records, log lines, .env files and negative-only notes. Each layout writes through a
// DocBuilder (faker-doc-builder.mjs), which records the exact span of every planted value.
import { DocBuilder, item, json } from './faker-doc-builder.mjs';
import { CSV_PHONE_COLUMNS } from './faker-locale-words.mjs';

const P = (type, value, meta) => ({ pii: type, value, meta });
const N = (kind, value) => ({ neg: kind, value });

function phoneItem(v) {
  const { value, style } = v.phone();
  return P('phone', value, { style });
}

function cardItem(v) {
  const { value, issuer } = v.card();
  return P('credit_card', value, { issuer });
}

/** Two or three labelled hard negatives, as `[label, item]`. */
function labelledNegatives(c, n) {
  const { v, w, neg } = c;
  const all = [
    [v.pick(w.order), N('order', neg.order())],
    [v.pick(w.date), N('date', neg.date())],
    [v.pick(w.total), N('price', neg.price())],
    [v.pick(w.count), N('count', neg.count())],
    [v.pick(w.version), N('version', neg.version())],
    ['ISBN', N('isbn', neg.isbn())],
    ['GPS', N('coordinates', neg.coordinates())],
    ['©', N('year', neg.year())],
  ];
  return c.f.helpers.arrayElements(all, n);
}

function form(b, c) {
  const { v, w, us } = c;
  const rows = [
    [v.pick(w.name), P('person_name', v.name())],
    [v.pick(w.phone), phoneItem(v)],
  ];
  if (v.chance(0.5)) rows.push([v.pick(w.mobile), phoneItem(v)]);
  if (v.chance(0.15)) rows.push([v.pick(w.fax), phoneItem(v)]);
  if (v.chance(0.7)) rows.push([v.pick(w.email), P('email', v.email())]);
  if (v.chance(0.5)) rows.push([v.pick(w.address), P('street_address', v.address())]);
  if (v.chance(0.35)) rows.push([v.pick(w.card), cardItem(v)]);
  if (v.chance(0.25)) rows.push([v.pick(w.iban), P('iban', v.iban())]);
  if (v.chance(0.2)) rows.push([v.pick(w.dob), P('date_of_birth', v.dob())]);
  if (us && v.chance(0.8))
    rows.push([v.pick(['SSN', 'Social Security Number', 'SSN #']), P('ssn', v.ssn())]);
  rows.push(...labelledNegatives(c, v.pick([2, 3])));
  b.put(`${v.company()}\n`);
  for (const [label, x] of c.f.helpers.shuffle(rows)) {
    b.put(`${label}${v.pick([': ', ': ', ':\t', ' '])}`);
    item(b, x);
    b.put('\n');
  }
}

function chat(b, c) {
  const { v, w, neg, us } = c;
  const people = [v.name(), v.name()];
  const messages = v.pick([2, 3, 4, 5]);
  for (let i = 0; i < messages; i++) {
    b.put(`[${String(9 + i).padStart(2, '0')}:${v.pick(['05', '17', '32', '48'])}] `);
    b.pii('person_name', people[i % 2]).put(': ');
    v.pick([
      () => b.phrase(v.pick(w.call), () => item(b, phoneItem(v))),
      () => b.phrase(v.pick(w.call), () => item(b, phoneItem(v))),
      () => b.phrase(v.pick(w.pay), () => item(b, cardItem(v))),
      () => b.put(`${v.pick(w.email)}: `).pii('email', v.email()),
      () =>
        b
          .put(`${v.pick(w.order)} `)
          .neg('order', neg.order())
          .put(`, ${v.pick(w.date)} `)
          .neg('date', neg.date()),
      () =>
        b
          .put(`${v.pick(w.total)} `)
          .neg('price', neg.price())
          .put('?'),
      () => b.put(c.f.lorem.sentence()),
      ...(us
        ? [() => b.put(v.pick(['My SSN is ', 'SSN: ', 'social security no. '])).pii('ssn', v.ssn())]
        : []),
    ])();
    b.put('\n');
  }
}

function letter(b, c) {
  const { v, w, neg } = c;
  b.put(`${v.pick(w.hello)} `)
    .pii('person_name', v.name())
    .put(',\n\n');
  b.put(`${v.pick(w.order)} `).neg('order', neg.order());
  b.put(` (${v.pick(w.date)} `).neg('date', neg.date());
  b.put(`, ${v.pick(w.total)} `)
    .neg('price', neg.price())
    .put(`). ${c.f.lorem.sentence()}\n`);
  if (v.chance(0.3)) b.phrase(v.pick(w.pay), () => item(b, cardItem(v))).put('.\n');
  if (v.chance(0.3))
    b.put(`${v.pick(w.iban)}: `)
      .pii('iban', v.iban())
      .put('\n');
  if (c.us && v.chance(0.5)) b.put('Social Security Number: ').pii('ssn', v.ssn()).put('\n');
  b.put(`\n${v.pick(w.bye)}\n`)
    .pii('person_name', v.name())
    .put('\n');
  if (v.chance(0.85)) b.put(`${v.pick([...w.phone, ...w.mobile])} `);
  item(b, phoneItem(v));
  b.put('\n').pii('email', v.email()).put('\n');
}

function csv(b, c) {
  const { v, neg } = c;
  const sep = v.pick([',', ';', '\t']);
  const cell = (x) => {
    const raw = typeof x === 'object' ? x.value : String(x);
    const quote = raw.includes(sep) || raw.includes('"');
    if (quote) b.put('"');
    item(b, x);
    if (quote) b.put('"');
  };
  const card = v.chance(0.3);
  const ssn = c.us && v.chance(0.5);
  const cols = ['id', 'name', v.pick(CSV_PHONE_COLUMNS), 'email', 'city', 'order_no', 'amount'];
  if (card) cols.push('card_number');
  if (ssn) cols.push('ssn');
  cols.push('created');
  b.put(`${cols.join(sep)}\n`);
  const rows = v.pick([2, 3, 4, 5]);
  for (let r = 0; r < rows; r++) {
    const cells = [
      r + 1,
      P('person_name', v.name()),
      phoneItem(v),
      P('email', v.email()),
      v.city(),
      N('order', neg.order()),
      N('price', neg.price()),
    ];
    if (card) cells.push(cardItem(v));
    if (ssn) cells.push(P('ssn', v.ssn()));
    cells.push(N('date', neg.date()));
    cells.forEach((x, i) => {
      if (i) b.put(sep);
      cell(x);
    });
    b.put('\n');
  }
}

function record(c) {
  const { v, neg, us } = c;
  const customer = [
    ['name', P('person_name', v.name())],
    [v.pick(['phone', 'phoneNumber', 'mobile', 'tel', 'contact_phone', 'fax']), phoneItem(v)],
    ['email', P('email', v.email())],
  ];
  if (us && v.chance(0.3)) customer.push(['ssn', P('ssn', v.ssn())]);
  const entries = [
    ['id', c.f.number.int({ min: 1, max: 99999 })],
    ['customer', customer],
  ];
  if (v.chance(0.4))
    entries.push(['payment', [[v.pick(['card_number', 'pan', 'cardNumber']), cardItem(v)]]]);
  else if (v.chance(0.4)) entries.push(['payment', [['iban', P('iban', v.iban())]]]);
  entries.push([
    'order',
    [
      ['number', N('order', neg.order())],
      ['total', N('price', neg.price())],
      ['created', N('date', neg.date())],
    ],
  ]);
  if (v.chance(0.3)) entries.push(['client_ip', P('ipv4', v.ipv4())]);
  if (v.chance(0.3)) entries.push(['app_version', N('version', neg.version())]);
  return entries;
}

function jsonDoc(b, c) {
  json(b, record(c), c.v.pick([0, 2]));
  b.put('\n');
}

function jsonl(b, c) {
  const { v, neg } = c;
  const lines = v.pick([2, 3, 4]);
  for (let i = 0; i < lines; i++) {
    const event = v.pick(['signup', 'sms_sent', 'login', 'payment', 'record']);
    const entries = [
      ['ts', v.time()],
      ['event', event],
    ];
    if (event === 'signup') entries.push(['email', P('email', v.email())], ['phone', phoneItem(v)]);
    if (event === 'sms_sent') entries.push(['to', phoneItem(v)], ['segments', v.pick([1, 2, 3])]);
    if (event === 'login')
      entries.push(
        ['user', P('email', v.email())],
        ['ip', v.chance(0.5) ? P('ipv4', v.ipv4()) : P('ipv6', v.ipv6())],
      );
    if (event === 'payment')
      entries.push(
        ['card', cardItem(v)],
        ['amount', N('price', neg.price())],
        ['order', N('order', neg.order())],
      );
    if (event === 'record') {
      json(b, record(c), 0);
      b.put('\n');
      continue;
    }
    json(b, entries, 0);
    b.put('\n');
  }
}

function log(b, c) {
  const { v, neg } = c;
  const lines = v.pick([2, 3, 4, 5]);
  for (let i = 0; i < lines; i++) {
    b.put(
      `${v.time()},${String(i * 37).padStart(3, '0')} ${v.pick(['INFO', 'WARN', 'DEBUG', 'ERROR'])} [${v.pick(['auth', 'sms', 'billing', 'api'])}] `,
    );
    v.pick([
      () => b.put('login ok user=').pii('email', v.email()).put(' ip=').pii('ipv4', v.ipv4()),
      () => b.put('session from ').pii('ipv6', v.ipv6()).put(' renewed'),
      () =>
        b
          .put('sms delivered to=')
          .pii('phone', ...phoneArgs(v))
          .put(` segments=${v.pick([1, 2])}`),
      () => b.put('callback requested phone=').pii('phone', ...phoneArgs(v)),
      () =>
        b
          .put('incoming call from ')
          .pii('phone', ...phoneArgs(v))
          .put(' queued'),
      () =>
        b
          .put('payment declined card=')
          .pii('credit_card', ...cardArgs(v))
          .put(' amount=')
          .neg('price', neg.price())
          .put(' order=')
          .neg('order', neg.order()),
      () =>
        b
          .put('deploy version=')
          .neg('version', neg.version())
          .put(' rows=')
          .neg('count', neg.count()),
      () => b.put(`jwt `).pii('jwt', v.secret('jwt')).put(' rejected: expired'),
      () => b.put('using key ').pii('openai_key', v.secret('openai_key')).put(' for the eval run'),
      () => b.put('geo lookup ').neg('coordinates', neg.coordinates()).put(' ok'),
    ])();
    b.put('\n');
  }
}

function phoneArgs(v) {
  const { value, style } = v.phone();
  return [value, { style }];
}

function cardArgs(v) {
  const { value, issuer } = v.card();
  return [value, { issuer }];
}

const ENV_KEYS = {
  openai_key: 'OPENAI_API_KEY',
  anthropic_key: 'ANTHROPIC_API_KEY',
  github_token: 'GITHUB_TOKEN',
  aws_access_key_id: 'AWS_ACCESS_KEY_ID',
  aws_secret_key: 'AWS_SECRET_ACCESS_KEY',
  slack_webhook: 'SLACK_WEBHOOK_URL',
  private_key: 'PRIVATE_KEY',
  stripe_key: 'STRIPE_SECRET_KEY',
  slack_token: 'SLACK_BOT_TOKEN',
  google_api_key: 'GOOGLE_API_KEY',
  huggingface_token: 'HF_TOKEN',
  jwt: 'SERVICE_JWT',
  secret_assignment: 'DB_PASSWORD',
};

function config(b, c) {
  const { v, neg } = c;
  const types = c.f.helpers.arrayElements(v.secretTypes, v.pick([2, 3, 4]));
  for (const t of types) {
    if (t === 'url_credentials') {
      b.put('DATABASE_URL=postgres://')
        .pii(t, v.secret(t))
        .put(`@${c.f.internet.domainName()}:5432/app\n`);
    } else if (t === 'auth_header') {
      b.put('API_AUTH_HEADER="Authorization: Bearer ').pii(t, v.secret(t)).put('"\n');
    } else b.put(`${ENV_KEYS[t]}=`).pii(t, v.secret(t)).put('\n');
  }
  b.put('APP_VERSION=').neg('version', neg.version()).put('\n');
  if (v.chance(0.4))
    b.put('SUPPORT_PHONE=')
      .pii('phone', ...phoneArgs(v))
      .put('\n');
}

function notes(b, c) {
  const { v } = c;
  for (const [label, x] of labelledNegatives(c, v.pick([3, 4, 5]))) {
    b.put(`${label} `);
    item(b, x);
    b.put(v.pick(['. ', '; ', '\n']));
  }
  b.put(`${c.f.lorem.sentence()}\n`);
}

/** Layout name → writer and its share of the documents. */
export const LAYOUTS = [
  ['form', form, 20],
  ['chat', chat, 15],
  ['letter', letter, 14],
  ['csv', csv, 12],
  ['json', jsonDoc, 11],
  ['jsonl', jsonl, 8],
  ['log', log, 10],
  ['config', config, 5],
  ['negatives', notes, 5],
];
