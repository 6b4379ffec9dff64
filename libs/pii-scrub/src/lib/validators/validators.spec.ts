import { hasCardIssuerPrefix, isLuhnValid } from './luhn-validator';
import { isValidIban } from './iban-validator';
import { isValidSsn } from './ssn-validator';
import { classifyIpv4, classifyIpv6, parseIpv4, parseIpv6 } from './ip-address-parser';

describe('Luhn', () => {
  it.each([
    '4111111111111111',
    '5500000000000004',
    '378282246310005',
    '6011111111111117',
    '79927398713',
  ])('accepts %s', (n) => expect(isLuhnValid(n)).toBe(true));
  it.each(['4111111111111112', '1234567812345678', '79927398710', '4111-1111', ''])(
    'rejects %s',
    (n) => expect(isLuhnValid(n)).toBe(false),
  );
  it('knows issuer prefixes and lengths', () => {
    expect(hasCardIssuerPrefix('4111111111111111')).toBe(true);
    expect(hasCardIssuerPrefix('378282246310005')).toBe(true);
    expect(hasCardIssuerPrefix('1715512345678')).toBe(false);
    expect(hasCardIssuerPrefix('34828224631000')).toBe(false);
  });
});

describe('IBAN mod-97 and per-country length', () => {
  it.each([
    'DE89370400440532013000',
    'GB82WEST12345698765432',
    'FR1420041010050500013M02606',
    'NO9386011117947',
    'MT84MALT011000012345MTLCAST001S',
  ])('accepts %s', (iban) => expect(isValidIban(iban)).toBe(true));
  it('rejects a wrong check digit, a wrong length and an unknown country', () => {
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('DE8937040044053201300')).toBe(false);
    expect(isValidIban('XX89370400440532013000')).toBe(false);
  });
});

describe('SSN rules', () => {
  it('accepts a normal number', () => expect(isValidSsn('123456789')).toBe(true));
  it.each([
    '000123456',
    '666123456',
    '900123456',
    '999123456',
    '123001234',
    '123450000',
    '12345678',
  ])('rejects %s', (n) => expect(isValidSsn(n)).toBe(false));
});

describe('IP parsing', () => {
  it('parses IPv4 strictly', () => {
    expect(parseIpv4('192.168.1.10')).toEqual([192, 168, 1, 10]);
    expect(parseIpv4('256.1.1.1')).toBeNull();
    expect(parseIpv4('01.2.3.4')).toBeNull();
    expect(parseIpv4('1.2.3')).toBeNull();
  });
  it('classifies IPv4 ranges', () => {
    expect(classifyIpv4([127, 0, 0, 1])).toBe('loopback');
    expect(classifyIpv4([10, 1, 2, 3])).toBe('private');
    expect(classifyIpv4([203, 0, 113, 5])).toBe('documentation');
    expect(classifyIpv4([255, 255, 255, 0])).toBe('netmask');
    expect(classifyIpv4([8, 8, 8, 8])).toBe('public');
  });
  it('parses IPv6 text forms', () => {
    expect(parseIpv6('2001:db8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6('::ffff:192.0.2.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]);
    expect(parseIpv6('fe80::1%eth0')).not.toBeNull();
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toHaveLength(8);
    expect(parseIpv6('10:11:12')).toBeNull();
    expect(parseIpv6('1::2::3')).toBeNull();
    expect(parseIpv6('12345::1')).toBeNull();
  });
  it('classifies IPv6 ranges', () => {
    expect(classifyIpv6(parseIpv6('::1') ?? [])).toBe('loopback');
    expect(classifyIpv6(parseIpv6('2001:db8::1') ?? [])).toBe('documentation');
    expect(classifyIpv6(parseIpv6('fe80::1') ?? [])).toBe('link_local');
    expect(classifyIpv6(parseIpv6('2606:4700::1111') ?? [])).toBe('public');
  });
});
