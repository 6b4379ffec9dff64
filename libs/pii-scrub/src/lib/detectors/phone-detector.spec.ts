import { PiiScrubError } from '../errors/pii-scrub-error';
import { createScrubber, type Scrubber } from '../scrub/scrub-api';

const defaults = createScrubber();
const phonesIn = (text: string, scrubber: Scrubber = defaults) =>
  scrubber
    .scrubText(text)
    .findings.filter((f) => f.type === 'phone')
    .map((f) => text.slice(f.start, f.end));

describe('phone numbers without a country code', () => {
  it.each([
    ['Tel: 12-34-56-78', '12-34-56-78'],
    ['Llámame al 612 345 678', '612 345 678'],
    ['Phone (21) 345-678', '(21) 345-678'],
    ['call me on 555 0123 tonight', '555 0123'],
    ['Mobil: 2345 6789', '2345 6789'],
    ['Fax: 4155550123', '4155550123'],
    ['Meine Handynummer ist 0171 2345678', '0171 2345678'],
    ['text me at 93 35 57 12', '93 35 57 12'],
    ['{"contactPhone":"612345678"}', '612345678'],
    ['{"ts":"2024-05-12","event":"sms_sent","to":"41 87 49 09"}', '41 87 49 09'],
    ['090-1234-5678までお電話ください', '090-1234-5678'],
    ['请拨打13800138000联系我', '13800138000'],
    ['Můžete mě zastihnout na čísle 737 777 808', '737 777 808'],
    ['Du når mig på 94 69 97 95', '94 69 97 95'],
    ['Du kan fange mig på 48732220', '48732220'],
    ['App me even op 080603661', '080603661'],
    ['Personal Info:\nPhone:\n60-56-85-91\n\nE-mail:', '60-56-85-91'],
    ['APO AA 61487\n416 60 039 office\n', '416 60 039'],
    ['Hungary 34796\n(37) 788-063-Office', '(37) 788-063'],
  ])('%j (context word) → %j', (text, phone) => {
    expect(phonesIn(text)).toEqual([phone]);
  });

  it.each([
    ['office 020 7946 0958', '020 7946 0958'],
    ['Anna · 23 422 72 44', '23 422 72 44'],
    ['ring-free signature 0612-345-678', '0612-345-678'],
    ['06.12.34.56.78 is the number', '06.12.34.56.78'],
    ['(75) 1382-8240', '(75) 1382-8240'],
  ])('%j (phone layout, no word) → %j', (text, phone) => {
    expect(phonesIn(text)).toEqual([phone]);
  });

  it('reads a CSV column named like a phone as context', () => {
    const csv = 'id;name;telefono;city\n1;Ana;612345678;Madrid\n2;Luis;91 234 56 78;Toledo\n';
    expect(phonesIn(csv)).toEqual(['612345678', '91 234 56 78']);
    expect(phonesIn('id;name;order;city\n1;Ana;612345678;Madrid\n')).toEqual([]);
  });

  it('needs a context word or a phone layout: a bare run of digits is not a phone', () => {
    expect(phonesIn('ref 4155550123 closed')).toEqual([]);
    expect(phonesIn('612 345 678 visitors')).toEqual([]);
    expect(phonesIn('hotel 612 345 678')).toEqual([]);
    expect(phonesIn('telemetry batch 612345678')).toEqual([]);
    // A label above counts only when it ends its line and the number starts the next.
    expect(phonesIn('Phone: see below\n612345678')).toEqual([]);
    expect(phonesIn('Phone:\nref 612345678')).toEqual([]);
  });

  it('does not take the number of another key or field after a context word', () => {
    expect(phonesIn('phone=n/a order=123456789')).toEqual([]);
    expect(phonesIn('{"phone":null,"order":"123456789"}')).toEqual([]);
    expect(phonesIn('Phone: -; 123456789 items')).toEqual([]);
    expect(phonesIn('call me tomorrow, order 123456789 shipped')).toEqual([]);
  });
});

describe('phone numbers with a country code or extension', () => {
  it.each([
    ['(415) 555-0123x45', '(415) 555-0123x45'],
    ['+1-415-555-0123x678 is my line', '+1-415-555-0123x678'],
    ['001-415-555-0123x9', '001-415-555-0123x9'],
    ['desk 415.555.0123 ext. 12, thanks', '415.555.0123 ext. 12'],
    ['+49 (0)30 1234567', '+49 (0)30 1234567'],
    ['(+62) 805 4432 6226', '(+62) 805 4432 6226'],
    ['0041 79 054 43 26', '0041 79 054 43 26'],
    ['Tel. 0041790544326', '0041790544326'],
    ['Elérhető vagyok a 0036703270458 számon', '0036703270458'],
  ])('%j → %j (extension included: a partly masked number is a leak)', (text, phone) => {
    expect(phonesIn(text)).toEqual([phone]);
  });
});

describe('phone hard negatives', () => {
  it.each([
    'Lieferdatum: 12.05.2024',
    'Tel. erreichbar ab 12.05.2024 14.30',
    'due 2024-05-12 10:00',
    'Einwohner: 1 234 567',
    'seasons 2019 2020 2021',
    'build 10.0.19045.3803',
    'Chrome/120.0.6099.109',
    'GPS 48.8566, 2.3522',
    'sms gateway at 2.3857 43.02987',
    'ISBN 978-3-16-148410-0',
    'ISBN 0-306-40615-2',
    'ref 2024-0512-738',
    'Total 1 234,56 €',
    'host 10.20.30.40',
    'order 530-2528330-8736650',
    'contact 1800 0234 5678 906',
    'ISBN 0031773303',
  ])('%j has no phone', (text) => {
    expect(phonesIn(text)).toEqual([]);
  });
});

describe('phone options', () => {
  it('checks numbers without a country code against the configured regions only', () => {
    const us = createScrubber({ phone: { regions: ['US'] } });
    expect(phonesIn('Tel: 612 345 678', us)).toEqual([]);
    expect(phonesIn('Tel: 612 345 678')).toEqual(['612 345 678']);
    expect(phonesIn('Tel: (415) 555-0123', us)).toEqual(['(415) 555-0123']);
    expect(phonesIn('+34 612 345 678', us)).toEqual(['+34 612 345 678']);
  });

  it('adds context words', () => {
    const s = createScrubber({ phone: { extraContextWords: ['hotline'] } });
    expect(phonesIn('hotline 612 345 678')).toEqual([]);
    expect(phonesIn('hotline 612 345 678', s)).toEqual(['612 345 678']);
  });

  it('rejects an unknown region with a typed error naming the option', () => {
    const make = () => createScrubber({ phone: { regions: ['XX'] } });
    expect(make).toThrow(PiiScrubError);
    expect(make).toThrow(/options\.phone\.regions.*unknown phone region `XX`/);
    expect(() => createScrubber({ phone: { regions: ['de'] } })).toThrow(/phone\.regions\.0/);
  });
});
