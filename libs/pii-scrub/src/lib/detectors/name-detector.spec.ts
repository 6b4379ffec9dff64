import { personNameDetector } from './name-detector';

function names(text: string): string[] {
  const out: string[] = [];
  personNameDetector.scan(text, (start, end) => out.push(text.slice(start, end)));
  return out;
}

describe('personNameDetector (compromise lexicon scanner)', () => {
  it.each([
    ['Yesterday Maria Gonzalez called about the invoice.', ['Maria Gonzalez']],
    ['Please forward this to Dr. Priya Raman before Monday.', ['Dr. Priya Raman']],
    ['Per Mrs. Patel, the lease ends in June.', ['Mrs. Patel']],
    ['According to J. R. Tolkien, the road goes ever on.', ['J. R. Tolkien']],
    ['Signed by Sean O’Brien and Anne-Marie Dupont.', ['Sean O’Brien', 'Anne-Marie Dupont']],
    ['Reviewed-by: Ludwig van Beethoven', ['Ludwig van Beethoven']],
    ['Thanks to José Álvarez and Zoë Kravitz.', ['José Álvarez', 'Zoë Kravitz']],
    ['Łukasz Nowak opened issue 42.', ['Łukasz Nowak']],
    ['Carlos Rodriguez’s laptop was stolen.', ['Carlos Rodriguez']],
    ['Yesterday Hiroshi Tanaka called.', ['Hiroshi Tanaka']],
    ['Customer Robert Brown asked for a refund.', ['Robert Brown']],
    ['Hi Sarah, the eval finished.', ['Sarah']],
    ['Martin Luther King Jr. gave a speech.', ['Martin Luther King Jr']],
    ['{"user":"Emma Johnson","plan":"pro"}', ['Emma Johnson']],
  ])('finds the name in %j', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    'Apple released the new iPhone on Monday.',
    'We moved the servers from Paris to Frankfurt in June.',
    'Microsoft Azure and Amazon Web Services both bill per hour.',
    'The New York Times covered the story.',
    'Open Visual Studio Code and run the Build Task.',
    'Getting Started With Retrieval Augmented Generation',
    'Christmas Eve falls on a Tuesday this year.',
    'ERROR RetrieverService failed: TimeoutError after 3000ms',
    'Use JavaScript, TypeScript or Python for the SDK.',
    'Grant access to the bucket. Mark the task done. Chase the bug.',
    'Form 1040 Schedule E lists rental income.',
    'The Federal Reserve raised rates in September.',
    'see node_modules/Maria/index.js and user.Smith@host and maria.Gonzalez',
  ])('flags nothing in %j', (text) => {
    expect(names(text)).toEqual([]);
  });

  it('reports offsets in the original text, possessives and titles handled', () => {
    const text = 'Ask Ms. Okafor’s team.';
    const spans: Array<[number, number]> = [];
    personNameDetector.scan(text, (s, e) => spans.push([s, e]));
    expect(spans).toEqual([[4, 14]]);
  });

  // Speed is measured by `npm run bench:pii:names` (never in a timed test); here only the
  // result on a long document is checked.
  it('finds every name in a long document', () => {
    const prose =
      'Landlords generally report rental income in the year they receive it. Yesterday Maria ' +
      'Gonzalez asked whether the Security Deposit counts; Dr. Priya Raman said no. ';
    const copies = Math.ceil(500_000 / prose.length);
    expect(names(prose.repeat(copies))).toHaveLength(2 * copies);
  });
});
