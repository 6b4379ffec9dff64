import { scrubJson } from '@cited/pii-scrub';
import { demoSchema, type Demo } from '../programs/module-spec';

/**
 * Scrubs personal data and secrets out of demos (training rows) with pii-scrub before a
 * program is saved: emails, phone numbers, keys and the like become placeholders.
 */
export function scrubDemos(demos: readonly Demo[]): Demo[] {
  return demos.map((d) => demoSchema.parse(scrubJson(d).value));
}
