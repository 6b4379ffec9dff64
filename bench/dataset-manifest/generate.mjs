#!/usr/bin/env node
// Writes a deterministic JSONL dataset of realistic QA rows (question, answer, 3–5 context
// passages, metadata) of about `bytes` bytes. Same arguments → same bytes, on every machine.
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createSeededRandom } from '../shared/seeded-random.mjs';

const WORDS = (
  'the tenant landlord lease deposit rent notice period month year property repair heating water ' +
  'contract clause agreement payment due date late fee inspection maintenance garden parking pet ' +
  'cat dog noise neighbour insurance damage liability utility electricity gas internet furnished ' +
  'unfurnished kitchen bathroom bedroom window door lock key smoke alarm fire safety certificate ' +
  'energy rating council tax inventory check-in check-out cleaning professional wear tear dispute ' +
  'scheme protection return within days weeks after before end start term fixed periodic renewal ' +
  'increase decrease written consent sublet assignment occupant guest visitor access emergency ' +
  'contact agent management company portal email letter signed dated copy record photo evidence ' +
  'mould damp ventilation boiler radiator thermostat meter reading bill account balance refund ' +
  'must may shall should not only if unless when where which who what how why is are was were be ' +
  'has have had will would can could of to in on at by for with from about under over between a an'
).split(' ');

/** Generates `target` bytes (whole rows only, never more) into `path`. */
export async function generateDataset(path, target, seed = 20261126) {
  const rand = createSeededRandom(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const words = (n) => {
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = WORDS[Math.floor(rand() * WORDS.length)];
    return out.join(' ');
  };
  const sentence = (n) => {
    const s = words(n);
    return s.charAt(0).toUpperCase() + s.slice(1);
  };
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  let written = 0;
  let batch = [];
  let batchBytes = 0;
  for (let i = 0; ; i++) {
    const r = rand();
    const split = r < 0.8 ? 'train' : r < 0.9 ? 'dev' : 'test';
    const docs = Array.from({ length: int(1, 3) }, () => `doc-${int(1, 50000)}`);
    const row = {
      id: `q-${String(i).padStart(8, '0')}`,
      split,
      question: `${sentence(int(8, 16))}?`,
      answer: `${sentence(int(2, 10))}.`,
      context: Array.from({ length: int(3, 5) }, () => `${sentence(int(40, 90))}.`),
      metadata: { source_ids: rand() < 0.1 ? [] : docs, answers: [`${sentence(int(2, 6))}.`] },
    };
    const line = `${JSON.stringify(row)}\n`;
    const len = Buffer.byteLength(line);
    if (written + batchBytes + len > target) break;
    batch.push(line);
    batchBytes += len;
    if (batchBytes >= 4 << 20) {
      if (!out.write(batch.join(''))) await new Promise((res) => out.once('drain', res));
      written += batchBytes;
      batch = [];
      batchBytes = 0;
    }
  }
  out.write(batch.join(''));
  written += batchBytes;
  await new Promise((res, rej) => out.end((e) => (e ? rej(e) : res())));
  await rename(tmp, path);
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path = 'bench/.data/dataset-1g.jsonl', bytes = String(1 << 30)] = process.argv.slice(2);
  const n = await generateDataset(path, Number(bytes));
  console.log(`wrote ${n} bytes to ${path}`);
}
