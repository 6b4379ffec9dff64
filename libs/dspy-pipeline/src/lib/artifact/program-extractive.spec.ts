import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledIndex, DEPOSIT_QUESTION } from '../../test-fixtures/llm-fixtures';
import { ExtractivePipeline, extractiveOptionsOf } from '../pipeline/extractive-pipeline';
import { buildProgram, computeProgramId } from './build-program';
import { DEFAULT_RETRIEVER } from './default-program';
import { parseProgram, serializeProgram } from './program-store';

const ASSETS = join(__dirname, '../../../assets');

describe('program extractive settings', () => {
  it('programs written before the setting existed load unchanged, same id, pipeline defaults', () => {
    const text = readFileSync(join(ASSETS, 'default.program.json'), 'utf8');
    const program = parseProgram(text, 'default.program.json');
    expect(program.extractive).toBeUndefined();
    expect(computeProgramId(program)).toBe(program.id);
    expect(extractiveOptionsOf(program)).toEqual({});
    // Saved again, it is the same text: nothing was added.
    expect(serializeProgram(program)).toBe(text);
  });

  it('a program carries its threshold and short-answer choice, and the pipeline uses them', async () => {
    const base = {
      name: 'strict-extractive',
      pipeline: 'extractive' as const,
      llm: null,
      retriever: DEFAULT_RETRIEVER,
      seed: 0,
    };
    const strict = buildProgram({ ...base, extractive: { minRelevance: 1, shortAnswers: false } });
    const plain = buildProgram(base);
    expect(strict.id).not.toBe(plain.id);
    const reloaded = parseProgram(serializeProgram(strict), 'strict');
    expect(reloaded.extractive).toEqual({ minRelevance: 1, shortAnswers: false });

    const retriever = await bundledIndex();
    const opts = { tenantId: 'default', topK: 5 };
    const byDefault = await new ExtractivePipeline({
      retriever,
      ...extractiveOptionsOf(plain),
    }).answer(DEPOSIT_QUESTION, opts);
    // "How many days …": the short answer is the number of days; the citation keeps the sentence.
    expect(byDefault.abstained).toBe(false);
    expect(byDefault.answer).toMatch(/^\d+ days$/);
    expect(byDefault.citations[0]?.snippet).toContain(byDefault.answer);
    expect(byDefault.citations[0]?.snippet.length).toBeGreaterThan(byDefault.answer.length + 20);
    const sentences = await new ExtractivePipeline({
      retriever,
      ...extractiveOptionsOf({ extractive: { shortAnswers: false } }),
    }).answer(DEPOSIT_QUESTION, opts);
    expect(sentences.answer).toBe(sentences.citations.map((c) => c.snippet).join(' '));
    const refusing = await new ExtractivePipeline({
      retriever,
      ...extractiveOptionsOf(reloaded),
    }).answer(DEPOSIT_QUESTION, opts);
    expect(refusing.abstained).toBe(true);
  });

  it('rejects an out-of-range threshold and unknown keys', () => {
    const program = JSON.parse(
      readFileSync(join(ASSETS, 'default.program.json'), 'utf8'),
    ) as Record<string, unknown>;
    const withSettings = (extractive: unknown) =>
      JSON.stringify({ ...program, extractive }, null, 2);
    expect(() => parseProgram(withSettings({ minRelevance: 1.5 }), 'p.json')).toThrow(
      /extractive\..*<=1/,
    );
    expect(() => parseProgram(withSettings({ threshold: 0.4 }), 'p.json')).toThrow(/extractive/);
  });
});
