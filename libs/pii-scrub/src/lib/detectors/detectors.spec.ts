import { createScrubber } from '../scrub/scrub-api';

const scrubber = createScrubber({ profile: 'default' });
const typesIn = (text: string) => scrubber.scrubText(text).findings.map((f) => f.type);
const valuesOf = (text: string, type: string) =>
  scrubber
    .scrubText(text)
    .findings.filter((f) => f.type === type)
    .map((f) => text.slice(f.start, f.end));

const POSITIVES: Array<[string, string, string]> = [
  ['email', 'mail jane.doe+news@example.co.uk now', 'jane.doe+news@example.co.uk'],
  ['email', 'mailto:ops@corp.example.net', 'ops@corp.example.net'],
  ['phone', 'call +1 (415) 555-0132 today', '+1 (415) 555-0132'],
  ['phone', 'tel +14155550132', '+14155550132'],
  ['phone', 'office 020 7946 0958', '020 7946 0958'],
  ['phone', 'us 415.555.0132', '415.555.0132'],
  ['phone', 'fr +33 1 23 45 67 89', '+33 1 23 45 67 89'],
  ['ssn', 'SSN 123-45-6789', '123-45-6789'],
  ['ssn', 'ssn: 123456789', '123456789'],
  ['credit_card', 'card 4111 1111 1111 1111 exp', '4111 1111 1111 1111'],
  ['credit_card', 'amex 3782-822463-10005', '3782-822463-10005'],
  ['credit_card', 'pan 5500000000000004', '5500000000000004'],
  ['iban', 'iban DE89 3704 0044 0532 0130 00.', 'DE89 3704 0044 0532 0130 00'],
  ['iban', 'to GB82WEST12345698765432', 'GB82WEST12345698765432'],
  ['ipv4', 'from 203.0.113.9 ok', '203.0.113.9'],
  ['ipv4', 'host 10.0.4.17:8080', '10.0.4.17'],
  ['ipv6', 'src 2001:db8:85a3::8a2e:370:7334 ok', '2001:db8:85a3::8a2e:370:7334'],
  ['url_credentials', 'postgres://app:pa55word@db:5432/x', 'app:pa55word'],
  ['date_of_birth', 'DOB: 03/14/1985', '03/14/1985'],
  ['date_of_birth', 'born on 3 March 1990', '3 March 1990'],
  ['street_address', 'at 742 Evergreen Terrace, Springfield', '742 Evergreen Terrace'],
  [
    'openai_key',
    `k=sk-${'a1B2'.repeat(5)}T3BlbkFJ${'c3D4'.repeat(5)}`,
    `sk-${'a1B2'.repeat(5)}T3BlbkFJ${'c3D4'.repeat(5)}`,
  ],
  ['openai_key', `sk-proj-${'Ab3dE'.repeat(10)}`, `sk-proj-${'Ab3dE'.repeat(10)}`],
  ['anthropic_key', `sk-ant-api03-${'xY7_z'.repeat(18)}AA`, `sk-ant-api03-${'xY7_z'.repeat(18)}AA`],
  ['google_api_key', `AIza${'Sy1bC'.repeat(7)}`, `AIza${'Sy1bC'.repeat(7)}`],
  ['huggingface_token', `hf_${'aB3cD4eF5g'.repeat(3)}hIjK`, `hf_${'aB3cD4eF5g'.repeat(3)}hIjK`],
  ['aws_access_key_id', 'id AKIAIOSFODNN7EXAMPLE,', 'AKIAIOSFODNN7EXAMPLE'],
  ['aws_access_key_id', 'blobASIAY34FZKBOKMUTVV7Ablob', 'ASIAY34FZKBOKMUTVV7A'],
  [
    'aws_secret_key',
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  ],
  ['github_token', `ghp_${'a1B2c3D4e5'.repeat(3)}F6g7H8`, `ghp_${'a1B2c3D4e5'.repeat(3)}F6g7H8`],
  [
    'github_token',
    `github_pat_${'11ABCDEFG0'.repeat(3)}_xyz`,
    `github_pat_${'11ABCDEFG0'.repeat(3)}_xyz`,
  ],
  [
    'slack_token',
    'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
    'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  ],
  [
    'slack_webhook',
    'hook https://hooks.slack.com/services/T0000/B0000/XXXXXXXX now',
    'https://hooks.slack.com/services/T0000/B0000/XXXXXXXX',
  ],
  ['stripe_key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
  [
    'jwt',
    'tok eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  ],
  [
    'private_key',
    'x\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\ny',
    '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----',
  ],
  ['auth_header', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA=='],
  ['auth_header', 'authorization: bearer abc123DEF456ghi789', 'abc123DEF456ghi789'],
  ['secret_assignment', 'DB_PASSWORD="correct horse"', 'correct horse'],
  ['secret_assignment', '?user=a&password=Hunter2x&next=/', 'Hunter2x'],
  ['secret_assignment', '"client_secret": "9f8e7d6c5b4a3210"', '9f8e7d6c5b4a3210'],
];

describe('detectors: positives', () => {
  it.each(POSITIVES)('%s finds the value in %j', (type, text, value) => {
    expect(valuesOf(text, type)).toEqual([value]);
  });
});

const NEGATIVES: string[] = [
  'upgraded to version 10.7.31.9 yesterday',
  'v1.2.3.4 and Chrome/120.0.0.0',
  'see section 2.5.5.2',
  'commit 3f786850e387550fdab836ed7e6dc881de23001b',
  'id 123e4567-e89b-12d3-a456-426614174000',
  'order ORD-2024-000123 and #100234567',
  '2024-05-12T10:11:12.123+02:00 and 2024-05-12 10:11:12,123 and 1715512345678',
  'Total $1,299.00 or EUR 49.99',
  'ISBN 978-3-16-148410-0 and 0-306-40615-2',
  '"integrity": "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="',
  'password: ${DB_PASSWORD} and postgres://${U}:${P}@db/x and token={{ secrets.TOKEN }}',
  'api_key=<your-api-key> password=******** secret=changeme',
  'card 4111 1111 1111 1112 fails Luhn',
  'IBAN DE89370400440532013001 has a bad checksum',
  'ssn 000-12-3456, 666-12-3456, 912-12-3456',
  'bind 127.0.0.1 and 0.0.0.0 mask 255.255.255.0 and ::1',
  'bad ip 999.1.1.1',
  'max_tokens: 1024 tokens_used=33 token_count=5',
  'time 10:11:12 and std::vector and MAC 00:1a:2b:3c:4d:5e',
  'The Bearer authentication scheme; Basic instructions',
  'pip install scikit-learn; task-1234 sk-learn',
];

describe('detectors: hard negatives', () => {
  it.each(NEGATIVES)('finds nothing in %j', (text) => {
    expect(typesIn(text)).toEqual([]);
  });
});

describe('detectors: names', () => {
  it('finds person names only in the strict profile', () => {
    const text = 'Yesterday Maria Gonzalez met John Smith.';
    expect(createScrubber().scrubText(text).findings).toEqual([]);
    const strict = createScrubber({ profile: 'strict' }).scrubText(text);
    expect(strict.findings.map((f) => text.slice(f.start, f.end))).toEqual([
      'Maria Gonzalez',
      'John Smith',
    ]);
  });
});
