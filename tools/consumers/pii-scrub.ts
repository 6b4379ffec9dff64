// Uses @cited/pii-scrub installed alone from a registry. Compiled twice by check-consumers
// (as .cts → CommonJS and as .mts → ESM) with skipLibCheck false.
import { createScrubber, scrubText } from '@cited/pii-scrub';

const { text, findings } = scrubText('mail ana@example.com, again ana@example.com');
check(text === 'mail <EMAIL_1>, again <EMAIL_1>', `scrubText gave ${JSON.stringify(text)}`);
check(findings.length === 2 && findings[0]?.type === 'email', 'two email findings');
const { value } = createScrubber({ profile: 'strict' }).scrubJson({
  user: { email: 'ana@example.com' },
});
check(!JSON.stringify(value).includes('ana@example.com'), 'scrubJson removed the email');
console.log('pii-scrub ok');

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`consumer check failed: ${what}`);
}
