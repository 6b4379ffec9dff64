import { Writable } from 'node:stream';
import { createLogScrubber } from './create-log-scrubber';
import { createApiLogger } from './logger';

/** The JSON lines a logger wrote. */
function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l.trim() !== ''),
      );
      done();
    },
  });
  return { stream, lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the API logger, with the real pii-scrub log scrubber', () => {
  it('one pseudonym map per log line: the same value has the same placeholder in every field', async () => {
    const { stream, lines } = capture();
    const logger = createApiLogger({
      level: 'info',
      scrub: createLogScrubber({}),
      destination: stream,
    });
    logger.info(
      {
        event: 'request',
        question: 'Should I write to ann.lee@example.com or to repairs@riverton-homes.example?',
        answer: 'Repair requests go to repairs@riverton-homes.example.',
      },
      'request completed',
    );
    logger.flush();
    await new Promise((r) => setImmediate(r));
    const line = lines()[0] ?? {};
    const question = String(line['question']);
    const answer = String(line['answer']);
    expect(`${question} ${answer}`).not.toMatch(/@example|riverton-homes/);
    const inQuestion = question.match(/<[A-Z_]+_\d+>/g) ?? [];
    expect(inQuestion).toHaveLength(2);
    expect(inQuestion[0]).not.toBe(inQuestion[1]);
    // The repairs address: the question's second placeholder, not a fresh <EMAIL_1>.
    expect(answer).toBe(`Repair requests go to ${inQuestion[1]}.`);
  });
});
