// Builds the labelled corpus: documents with exact gold spans for every entity type, plus
// hard-negative documents that must come back unchanged. Deterministic for a given seed.
import { makeGenerators, rng, luhnComplete, mod97 } from './corpus-values.mjs';

const CONTEXTS = {
  email: [
    'Contact {v} for details.',
    '2024-05-12T10:11:12Z INFO login ok user={v} ip=::1',
    '{"user":{"email":"{v}","plan":"pro"}}',
    'From: {v}\nSubject: invoice',
    'cc: <{v}>, reply to {v2}',
    'mailto:{v}',
    'user,{v},active',
  ],
  phone: [
    'Call me at {v} tomorrow.',
    'phone={v} status=verified',
    '{"phone": "{v}"}',
    'Tel.: {v}',
    'Mobile: {v} (after 5pm)',
    'ring {v} or {v2}',
  ],
  ssn: [
    'SSN: {v}',
    'My social security number is {v}.',
    'ssn={v}&dob=unknown',
    '{"ssn":"{v}"}',
    'applicant,{v},approved',
  ],
  credit_card: [
    'Card: {v} exp 12/27',
    'paid with {v}.',
    '{"card_number_masked":false,"pan":"{v}"}',
    'cc={v} cvv=***',
  ],
  iban: [
    'IBAN: {v}',
    'Please wire to {v} by Friday.',
    '{"iban":"{v}","bic":"DEUTDEFF"}',
    'account {v}, ref 2024-05',
  ],
  ipv4: [
    'client {v} connected',
    'GET /api/v1/items 200 from {v} in 12ms',
    '{"remote_addr":"{v}"}',
    'ssh root@{v} -p 22',
    'X-Forwarded-For: {v}, {v2}',
  ],
  ipv6: ['client [{v}]:443 connected', 'src={v} dst=::1', '{"ip":"{v}"}', 'listening on {v}'],
  url_credentials: [
    'DATABASE_URL=postgres://{v}@db.internal:5432/app',
    'git clone https://{v}@git.example.com/team/repo.git',
    'amqp://{v}@mq.local:5672/vhost',
    'proxy: http://{v}@proxy.corp:3128',
  ],
  date_of_birth: [
    'DOB: {v}',
    'Date of birth: {v}',
    'She was born on {v} in Lyon.',
    '{"date_of_birth":"{v}"}',
    'birthdate={v}',
  ],
  street_address: ['Ship to {v}.', 'Address: {v}', 'The office moved to {v} last year.'],
  person_name: [
    'Yesterday {v} called about the invoice.',
    'Please forward this to {v} before Monday.',
    'According to {v}, the release is on track.',
    'Meeting notes: {v} and {v2} agreed to review the draft.',
  ],
  openai_key: [
    'OPENAI_API_KEY={v}',
    'using key {v} for the eval run',
    '{"api_key_hint":"{v}"}',
    'Bearer-less call with {v}',
  ],
  anthropic_key: ['ANTHROPIC_API_KEY={v}', 'x-api-key: {v}', 'key is {v}'],
  google_api_key: [
    'https://maps.googleapis.com/maps/api/geocode/json?address=x&key={v}',
    'GOOGLE_API_KEY={v}',
    'apiKey: "{v}"',
  ],
  huggingface_token: ['HF_TOKEN={v}', 'huggingface-cli login --token {v}', 'token hint {v}'],
  aws_access_key_id: [
    'aws_access_key_id = {v}',
    'AccessKeyId: {v}',
    'creds id={v}',
    'found key{v}in blob',
  ],
  aws_secret_key: [
    'aws_secret_access_key = {v}',
    'AWS_SECRET_ACCESS_KEY={v}',
    '"SecretAccessKey": "{v}"',
  ],
  github_token: [
    'GITHUB_TOKEN={v}',
    'git push https://x-access-token:{v}@github.com/org/repo',
    'token {v} expired',
  ],
  slack_token: ['SLACK_BOT_TOKEN={v}', 'slack client init with {v}', '{"token": "{v}"}'],
  slack_webhook: ['webhook: {v}', 'curl -X POST -d @msg.json {v}'],
  stripe_key: ['STRIPE_SECRET_KEY={v}', 'stripe.api_key = "{v}"', 'charge failed for key {v}'],
  jwt: [
    'Authorization: Bearer {v}',
    'session={v}; Path=/',
    '{"id_token":"{v}"}',
    'jwt {v} rejected',
  ],
  private_key: ['key file:\n{v}\nend', '{"private_key":"{v}"}', '{v}'],
  auth_header: [
    'Authorization: Bearer {v}',
    'authorization: Basic {v}',
    'curl -H "Authorization: Token {v}" https://api.example.com',
    '"Authorization":"Bearer {v}"',
    'sent Bearer {v} to upstream',
  ],
  secret_assignment: [
    'password={v}',
    'DB_PASSWORD="{v}"',
    '{"password": "{v}"}',
    'client_secret: {v}',
    'GET /login?user=bob&password={v}&next=/',
    "api_key = '{v}'",
    'SECRET_TOKEN={v}',
    'passwd: {v}',
  ],
};

/** Multi-type documents: logs and prose mixing several entities. */
const MIXED = [
  '{date} WARN payment failed user={email} card={credit_card} ip={ipv4}',
  'Customer {person_name} ({email}, {phone}) asked to update IBAN {iban}.',
  '{date} DEBUG headers: Authorization: Bearer {jwt} X-Real-IP: {ipv4}',
  'export AWS_ACCESS_KEY_ID={aws_access_key_id}\nexport AWS_SECRET_ACCESS_KEY={aws_secret_key}',
  'Ticket #4411: {person_name} reported SSN {ssn} and DOB: {date_of_birth} in a support chat.',
];

const NEG = (r, gens) => {
  const hex = (n) => r.chars('0123456789abcdef', n);
  const b64 = (n) => r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n);
  const uuid = () =>
    `${hex(8)}-${hex(4)}-4${hex(3)}-${r.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  const isbn13 = () => {
    const d = `978${r.chars('0123456789', 9)}`;
    const sum = [...d].reduce((s, c, i) => s + Number(c) * (i % 2 ? 3 : 1), 0);
    return `${d}${(10 - (sum % 10)) % 10}`;
  };
  const badLuhn = () => {
    const ok = luhnComplete(`4${r.chars('0123456789', 14)}`);
    return ok.slice(0, 15) + String((Number(ok[15]) + r.int(1, 9)) % 10);
  };
  const badIban = () => {
    const bban = r.chars('0123456789', 18);
    const check = (98 - mod97(`${bban}DE00`) + r.int(1, 50)) % 97;
    return `DE${String(check < 2 ? check + 2 : check).padStart(2, '0')}${bban}`;
  };
  const ts = () =>
    `2024-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}T${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}.${r.chars('0123456789', 3)}Z`;
  return r.pick([
    () =>
      `Upgraded to version ${r.int(1, 20)}.${r.int(0, 20)}.${r.int(0, 99)}.${r.int(0, 99)} today`,
    () => `v${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(0, 9)} released`,
    () =>
      `Mozilla/5.0 (X11; Linux x86_64) Chrome/${r.int(100, 130)}.0.${r.int(1000, 6999)}.${r.int(10, 200)} Safari/537.36`,
    () => `node@${r.int(18, 22)}.${r.int(0, 19)}.${r.int(0, 9)} and typescript@5.9.3`,
    () => `__version__ = "${r.int(1, 3)}.${r.int(0, 40)}.${r.int(0, 9)}"`,
    () => `commit ${hex(40)} merged`,
    () => `fixed in ${hex(7)} (see ${hex(12)})`,
    () => `request_id=${uuid()} trace=${hex(32)}`,
    () => `Order #${r.int(100000, 99999999)} shipped, invoice INV-${r.int(10000, 99999)}-2024`,
    () =>
      `ORD-2024-${String(r.int(1, 999999)).padStart(6, '0')} tracking 1Z${r.chars('0123456789ABCDEF', 16)}`,
    () => `${ts()} INFO done in ${r.int(1, 999)}ms`,
    () =>
      `2024-05-12 10:11:12,${r.chars('0123456789', 3)} epoch=${r.int(1600000000000, 1800000000000)}`,
    () => `12/05/2024 10:11 elapsed 00:00:${String(r.int(0, 59)).padStart(2, '0')}`,
    () =>
      `Total: $${r.int(1, 99)},${r.chars('0123456789', 3)}.${r.chars('0123456789', 2)} (EUR ${r.int(1, 999)}.${r.chars('0123456789', 2)})`,
    () => `USD ${r.int(1, 99)},${r.chars('0123456789', 3)},${r.chars('0123456789', 3)}.00`,
    () =>
      `ISBN ${isbn13()} / ISBN-13: 978-${r.int(0, 9)}-${r.chars('0123456789', 3)}-${r.chars('0123456789', 5)}-${r.int(0, 9)}`,
    () => `ISBN 0-306-40615-2 and ISBN 3-16-148410-X`,
    () => `"integrity": "sha512-${b64(86)}=="`,
    () =>
      `resolved "https://registry.npmjs.org/x/-/x-1.0.0.tgz#${hex(40)}" integrity sha1-${b64(27)}=`,
    () => `password: \${DB_PASSWORD}`,
    () => `DATABASE_URL=postgres://\${DB_USER}:\${DB_PASS}@db:5432/app`,
    () => `token: \${{ secrets.GITHUB_TOKEN }} and api_key=<your-api-key> and password=********`,
    () => `secret: {{ .Values.secret }} token=$TOKEN`,
    () =>
      `card 4${r.chars('0123456789', 3)} ${r.chars('0123456789', 4)} ${r.chars('0123456789', 4)} ${badLuhn().slice(12)} declined`.replace(
        /card .*/,
        `card ${badLuhn()} failed Luhn`,
      ),
    () => `IBAN ${badIban()} rejected: bad checksum`,
    () =>
      `ssn ${r.pick(['000', '666', '9' + r.chars('0123456789', 2)])}-${String(r.int(1, 99)).padStart(2, '0')}-${String(r.int(1, 9999)).padStart(4, '0')} invalid`,
    () => `bind 127.0.0.1:8080 and 0.0.0.0, mask 255.255.255.0`,
    () => `bad ip 999.${r.int(0, 255)}.1.1 and 1.2.3`,
    () =>
      `max_tokens: ${r.int(64, 8192)}, tokens_used=${r.int(1, 9999)}, token_count=${r.int(1, 99)}`,
    () => `HTTP/1.1 ${r.pick([200, 404, 500])} port ${r.int(1024, 65535)} pid ${r.int(100, 99999)}`,
    () => `pip install scikit-learn; see task-${r.int(1000, 9999)} and sk-learn docs`,
    () =>
      `build ${r.int(2019, 2025)}${r.chars('0123456789', 4)}.${r.int(1, 9)} ref 2024-0512-${r.chars('0123456789', 3)}`,
    () => `blob ${b64(44)} and 0x${hex(8)}`,
    () => `time 10:11:12 on std::vector<int> and a::b`,
    () =>
      `docs: RFC 4291 section 2.5.5.2, ${r.int(1, 999)} items at ${r.int(1, 99)}.${r.chars('0123456789', 2)} each`,
    () =>
      `The basic idea is a Bearer authentication scheme; the password policy requires 12 characters`,
  ])();
};

export function buildLabelledCorpus(seed = 4242, perType = 30) {
  const r = rng(seed);
  const gens = makeGenerators(r);
  const docs = [];
  const fill = (template, pick) => {
    const spans = [];
    let text = '';
    let i = 0;
    const re = /\{(\w+)\}/g;
    let m;
    while ((m = re.exec(template)) !== null) {
      text += template.slice(i, m.index);
      const key = m[1];
      if (key === 'date') {
        text += `2024-05-${String(r.int(10, 28))}T10:${String(r.int(10, 59))}:00Z`;
      } else {
        const type = key === 'v' || key === 'v2' ? pick : key;
        const value = gens[type]();
        spans.push({ type, start: text.length, end: text.length + value.length });
        text += value;
      }
      i = m.index + m[0].length;
    }
    return { text: text + template.slice(i), spans };
  };
  for (const type of Object.keys(CONTEXTS)) {
    for (let k = 0; k < perType; k++)
      docs.push({ id: `${type}-${k}`, ...fill(r.pick(CONTEXTS[type]), type) });
  }
  for (let k = 0; k < 40; k++) docs.push({ id: `mixed-${k}`, ...fill(r.pick(MIXED), '') });
  for (let k = 0; k < 300; k++) docs.push({ id: `negative-${k}`, text: NEG(r, gens), spans: [] });
  return docs;
}
