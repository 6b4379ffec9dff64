import { CONTEXT_AFTER, CONTEXT_BEFORE, createContextMatcher } from './context-matcher';

const m = createContextMatcher(['tel', 'telefon*', 'phone*', 'sms*', '電話', 'тел*']);
/** Whether the matcher sees context around the first run of digits in `text`. */
const near = (text: string) => {
  const start = text.search(/\d/);
  let end = start;
  while (end < text.length && /[\d ]/.test(text[end] ?? '')) end++;
  while (text[end - 1] === ' ') end--;
  return m.near(text, start, end);
};

describe('createContextMatcher', () => {
  it('matches whole words, stems at word starts, camelCase humps and spaceless scripts', () => {
    expect(near('Tel. 612345678')).toBe(true);
    expect(near('Telefonnummer: 612345678')).toBe(true);
    expect(near('{"homePhone":"612345678"}')).toBe(true);
    expect(near('phone_number=612345678')).toBe(true);
    expect(near('携帯電話612345678')).toBe(true);
    expect(near('ТЕЛ. 612345678')).toBe(true);
    expect(near('hotel 612345678')).toBe(false);
    expect(near('telex 612345678')).toBe(false);
    expect(near('hôtel 612345678')).toBe(false);
  });

  it('looks a bounded distance before and after, never across digits, nor lines but from a label above', () => {
    expect(near(`Tel${' '.repeat(CONTEXT_BEFORE)}612345678`)).toBe(true);
    expect(near(`Tel${' '.repeat(CONTEXT_BEFORE + 1)}612345678`)).toBe(false);
    expect(near(`612345678${' '.repeat(CONTEXT_AFTER)}tel`)).toBe(true);
    expect(near(`612345678${' '.repeat(CONTEXT_AFTER + 1)}tel`)).toBe(false);
    // Across a line only from a label that ends the line above (a form's label over its value).
    expect(near('Tel:\n612345678')).toBe(true);
    expect(near('Tel: mornings\n612345678')).toBe(false);
    expect(near('Tel:\nref 612345678')).toBe(false);
    expect(near('Tel:\n\n612345678')).toBe(false);
    const other = 'tel 5 then 612345678';
    expect(m.near(other, other.indexOf('612'), other.length)).toBe(false);
    expect(near('612345678 (tel)')).toBe(true);
  });

  it('allows one key separator between word and number, and JSON field commas only', () => {
    expect(near('"sms_sent","to":"612345678"')).toBe(true);
    expect(near('"phone":null,"order":"612345678"')).toBe(false);
    expect(near('phone=n/a order=612345678')).toBe(false);
    expect(near('phone, order 612345678')).toBe(false);
  });

  it('finds a CSV column by its header name', () => {
    const csv = 'id,"Phone number",city\n1,"612 345 678",Madrid\n';
    const at = csv.indexOf('612');
    expect(m.inCsvColumn(csv, at, at + 11)).toBe(true);
    const city = csv.indexOf('Madrid');
    expect(m.inCsvColumn(csv, city, city + 6)).toBe(false);
    expect(m.inCell('mobile_phone')).toBe(true);
    expect(m.inCell('order_no')).toBe(false);
  });
});
