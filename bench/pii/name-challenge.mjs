// Hand-written person-name challenge set, independent of the generated corpus's name lists:
// names with honorifics, initials, particles, apostrophes, hyphens, accents and lone given
// names, next to hard negatives (products, places, organisations, months, weekdays, Title Case
// headings, sentence-initial words, identifiers). Gold spans are marked [[like this]].
const RAW = [
  // --- names -----------------------------------------------------------------------------
  'Yesterday [[Maria Gonzalez]] called about the invoice.',
  'Please forward this to [[Dr. Priya Raman]] before Monday.',
  'According to [[J. R. Tolkien]], the road goes ever on.',
  'The report was signed by [[Sean O’Brien]] and [[Anne-Marie Dupont]].',
  '[[Hiroshi Tanaka]] joined the retrieval team in March.',
  'Ask [[Ms. Okafor]] whether the dataset is licensed.',
  'Reviewed-by: [[Ludwig van Beethoven]] <ludwig@example.com>',
  'Thanks to [[José Álvarez]] and [[Zoë Kravitz]] for the fixes.',
  '[[Łukasz Nowak]] opened issue 42.',
  'Contact [[Mr. John Smith]] at the front desk.',
  'The on-call engineer, [[Fatima Al-Sayed]], restarted the pod.',
  'Customer [[Robert Brown]] asked for a refund.',
  'Meeting notes: [[Emma Johnson]] and [[Liam Walker]] agreed to review the draft.',
  'Hi [[Sarah]], the eval finished with 0.82 recall.',
  'Regards,\n[[Michael Chen]]',
  'Signed: [[Prof. Albert Einstein]]',
  '[[Jennifer Lopez]] reported the outage at 10:42.',
  'Can [[David Kim]] rerun the benchmark?',
  'The tenant, [[Olga Petrova]], pays rent on the 1st.',
  'Escalated to [[Rahul Gupta]] (team lead).',
  'Landlord [[Thomas Müller]] refused the deposit return.',
  'I spoke with [[Wei Zhang]] yesterday.',
  'Author: [[Chloe Martin]]',
  'cc [[Noah Williams]], [[Sophie Dubois]]',
  '[[Ahmed Hassan]] says the API key was rotated.',
  'We hired [[Mary-Kate Olsen]] as a contractor.',
  'Per [[Mrs. Patel]], the lease ends in June.',
  '[[Carlos Rodriguez]]’s laptop was stolen.',
  'Interview with [[Yuki Sato]] scheduled.',
  'Dear [[Linda]], your application was approved.',
  // --- hard negatives --------------------------------------------------------------------
  'Apple released the new iPhone on Monday.',
  'We moved the servers from Paris to Frankfurt in June.',
  'Microsoft Azure and Amazon Web Services both bill per hour.',
  'The New York Times covered the story.',
  'Open Visual Studio Code and run the Build Task.',
  'Getting Started With Retrieval Augmented Generation',
  'Release Notes for Version 2.4',
  'Christmas Eve falls on a Tuesday this year.',
  'The United States and the United Kingdom signed the treaty.',
  'ERROR RetrieverService failed: TimeoutError after 3000ms',
  'Use JavaScript, TypeScript or Python for the SDK.',
  'Google Cloud Storage bucket not found.',
  'The Supreme Court ruled on Friday.',
  'Chapter Seven: The Long Winter',
  'Table of Contents',
  'Spring Boot and Apache Kafka power the ingest pipeline.',
  'Summary: Tenant Rights in California',
  'See the README and CONTRIBUTING files.',
  'Mount Everest is the highest mountain on Earth.',
  'The Eiffel Tower is in Paris, France.',
  'New features in Node.js: Worker Threads, Fetch API.',
  'Warning: Deprecated Method Called',
  'Hello World from the Docker container.',
  'Los Angeles and San Francisco are in California.',
  'The Pacific Ocean covers a third of the Earth.',
  'Black Friday sales start on November 24.',
  'The Lord of the Rings is a long book.',
  'Please review the Security Policy before Friday.',
  'Data Processing Agreement, Section 4: Retention',
  'The Federal Reserve raised rates in September.',
];

/** @returns {{id:string,text:string,spans:{type:string,start:number,end:number}[]}[]} */
export function buildNameChallenge() {
  return RAW.map((raw, i) => {
    const spans = [];
    let text = '';
    let at = 0;
    const re = /\[\[(.+?)\]\]/g;
    let m;
    while ((m = re.exec(raw)) !== null) {
      text += raw.slice(at, m.index);
      spans.push({ type: 'person_name', start: text.length, end: text.length + m[1].length });
      text += m[1];
      at = m.index + m[0].length;
    }
    return { id: `name-challenge-${i}`, text: text + raw.slice(at), spans };
  });
}
