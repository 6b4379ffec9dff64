#!/usr/bin/env node
// Answer equivalence of two API builds: every question of the bundled dataset is asked of
// each build through its real HTTP API, once per pipeline (extractive, baseline, dspy), and
// the fields a user sees — answer, citations, verification.verdict, abstained, pipeline — must
// be identical. The LLM is the OpenAI-compatible stub of `@cited/dspy-pipeline/testing` (a
// TEST DOUBLE, from the build in dist/) answering with `replyFor` below: a pure function of the
// request, in several layouts (JSON and `- item` citation lists, unknown
// ids, abstentions, malformed replies, every verifier verdict), so both builds see the same
// replies for the same prompts. The chat requests each build sent are compared too (model,
// messages, parameters, seed), and reported; a prompt that changed is a difference.
//
// Usage:
//   node bench/equivalence/compare-answers.mjs --before <main.js> [--after <main.js>]
//   node bench/equivalence/compare-answers.mjs --record <file.json> [--after <main.js>]
//   node bench/equivalence/compare-answers.mjs --against <file.json> [--after <main.js>]
// `--after` defaults to dist/apps/api/main.js (build with `npm run build`). `--record` writes
// the after build's answers to a file; `--against` compares the after build with such a file
// (bench/equivalence/answers-before.json holds the answers of the build before the redesign).
// Exit 0: identical; 1: differences (listed); 2: bad arguments.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApi } from '../api/api-process.mjs';
import { distRequire } from '../pipeline/dist-require.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PIPELINES = ['extractive', 'baseline', 'dspy'];
const PROGRAM = join(root, 'bench', 'equivalence', 'dspy-program.json');
const USAGE =
  'usage: compare-answers.mjs (--before <main.js> | --record <file> | --against <file>) [--after <main.js>]\n' +
  '       [--questions <file.jsonl> --index <dir>]  (other questions, over an index built by `eval-runner ingest`)';

function parseArgs(argv) {
  const out = { after: join(root, 'dist', 'apps', 'api', 'main.js') };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (
      !['--before', '--after', '--record', '--against', '--questions', '--index'].includes(key) ||
      value === undefined
    ) {
      process.stderr.write(`compare-answers: bad argument ${key ?? ''}\n${USAGE}\n`);
      process.exit(2);
    }
    out[key.slice(2)] = resolve(value);
  }
  if ((out.questions === undefined) !== (out.index === undefined)) {
    process.stderr.write(`compare-answers: --questions and --index go together\n${USAGE}\n`);
    process.exit(2);
  }
  const modes = ['before', 'record', 'against'].filter((m) => out[m] !== undefined);
  if (modes.length !== 1) {
    process.stderr.write(
      `compare-answers: give exactly one of --before, --record, --against\n${USAGE}\n`,
    );
    process.exit(2);
  }
  return out;
}

// --- The deterministic LLM stub -------------------------------------------------------------

const hash = (text) => createHash('sha256').update(text).digest('hex');
/** JSON with object keys sorted: two requests with the same content hash the same. */
const canonical = (v) =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
          .join(',')}}`
      : JSON.stringify(v);
const pick = (text, n) => Number.parseInt(hash(text).slice(0, 8), 16) % n;

function lastUserText(messages) {
  const users = (Array.isArray(messages) ? messages : []).filter((m) => m?.role === 'user');
  const content = users[users.length - 1]?.content;
  return typeof content === 'string' ? content : JSON.stringify(content ?? '');
}

/** Passage ids in `[id]` brackets and the first sentence after the first one. */
function passagesOf(text) {
  const ids = [...text.matchAll(/\[([^\]\s\\]+#\d+)\]/g)].map((m) => m[1]);
  const after = /\[[^\]\s\\]+#\d+\]\s*(?:[^:\n]{1,80}:\s)?([^.\n]{3,200}\.)/.exec(text);
  return { ids: [...new Set(ids)], sentence: after?.[1]?.trim() ?? 'The passage says so.' };
}

/** The reply for one chat request: a pure function of its messages. */
function replyFor(body) {
  const messages = body.messages ?? [];
  const all = JSON.stringify(messages);
  const user = lastUserText(messages);
  const { ids, sentence } = passagesOf(user);
  const [first = 'none#0', second = first] = ids;
  const v = pick(user, 7);
  if (all.includes('single JSON object')) {
    // The baseline pipeline's fixed prompt: JSON replies.
    return [
      JSON.stringify({ answer: sentence, citations: [first] }),
      '```json\n' + JSON.stringify({ answer: sentence, citations: [first, second] }) + '\n```',
      JSON.stringify({ answer: 'Not found in the sources.', citations: [] }),
      'I think the answer is in the first passage.',
      JSON.stringify({ answer: sentence, citations: [first, 'unknown-doc#9'] }),
      JSON.stringify({ answer: 'Something no passage says about unicorns.', citations: [first] }),
      JSON.stringify({ answer: sentence }),
    ][v];
  }
  if (/verdict/i.test(all)) {
    return [
      'Verdict: supported\nUnsupported Claims: []',
      'Verdict: supported',
      'Verdict: partially_supported\nUnsupported Claims: ["the second half"]',
      'Verdict: partially_supported\nUnsupported Claims:\n- one claim\n- another claim',
      'Verdict: unsupported\nUnsupported Claims: ["everything"]',
      'Verdict: supported\nUnsupported Claims: []',
      'Verdict: unsupported',
    ][v];
  }
  return [
    `Reasoning: The first passage answers it.\nAnswer: ${sentence}\nCitations: ["${first}"]`,
    `Answer: ${sentence}\nCitations:\n- ${first}\n- ${second}`,
    'Answer: Not found in the sources.\nCitations: []',
    `Reasoning: Two passages.\nAnswer: ${sentence}\nCitations: ["${first}", "unknown-doc#9"]`,
    `Answer: ${sentence}`,
    `Answer: ${sentence}\nCitations: ["${second}"]`,
    `Reasoning: Checked.\nAnswer: ${sentence} It also applies to every tenant.\nCitations: ["${first}", "${second}"]`,
  ][v];
}

/** Starts the stub; `take()` returns (and forgets) hashes of the chat requests seen so far. */
async function startStub() {
  const { startOpenAiStubServer } = distRequire()('@cited/dspy-pipeline/testing');
  const stub = await startOpenAiStubServer({ reply: replyFor });
  return {
    baseUrl: stub.baseUrl,
    take: () =>
      stub.requests
        .splice(0)
        .filter((r) => r.path.endsWith('/chat/completions'))
        .map((r) => hash(canonical(r.body))),
    close: () => stub.close(),
  };
}

// --- The API under test ---------------------------------------------------------------------

/** The API bundle `main` with the stub LLM, the dspy program below and its own index in `dir`. */
async function startCompared(name, main, stubUrl, dir) {
  const { child, base } = await startApi(
    name,
    {
      CITED_LOG_LEVEL: 'warn',
      CITED_INDEX_DIR: args.index ?? join(dir, 'index'),
      CITED_PROGRAM_CACHE_DIR: join(dir, 'program-cache'),
      CITED_PROGRAM_PATH: PROGRAM,
      CITED_ALLOW_PIPELINE_OVERRIDE: 'true',
      CITED_LLM_PROVIDER: 'openai-compatible',
      CITED_LLM_MODEL: 'equivalence-model',
      CITED_LLM_BASE_URL: stubUrl,
      CITED_LLM_SEED: '7',
      CITED_LLM_TIMEOUT_MS: '10000',
      // The rollback monitor would start answering dspy questions with the fallback once the
      // stub's unsupported verdicts pass its threshold: keep it out of an answer comparison.
      CITED_ROLLBACK_MIN_REQUESTS: '1000000',
    },
    [],
    { main },
  );
  return { base, stop: () => child.kill('SIGTERM') };
}

/** What a user sees of one answer. */
function visible(json) {
  return {
    answer: json.answer,
    citations: json.citations,
    verdict: json.verification?.verdict,
    abstained: json.abstained,
    pipeline: json.pipeline,
  };
}

async function answersOf(name, main, questions, stub) {
  const dir = mkdtempSync(join(tmpdir(), 'cited-compare-'));
  const api = await startCompared(name, main, stub.baseUrl, dir);
  try {
    const out = {};
    for (const pipeline of PIPELINES) {
      for (const [i, question] of questions.entries()) {
        stub.take();
        const res = await fetch(`${api.base}/v1/answer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question, pipeline }),
        });
        const json = await res.json();
        out[`${pipeline}:${i}`] = {
          status: res.status,
          ...(res.status === 200 ? visible(json) : { code: json.code }),
          requests: stub.take(),
        };
      }
    }
    return out;
  } finally {
    api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function compare(before, after) {
  const keys = Object.keys(before);
  const answerDiffs = [];
  const requestDiffs = [];
  for (const key of keys) {
    const b = before[key];
    const a = after[key];
    const { requests: br, ...bv } = b;
    const { requests: ar, ...av } = a ?? {};
    if (JSON.stringify(bv) !== JSON.stringify(av)) answerDiffs.push({ key, before: bv, after: av });
    if (JSON.stringify(br) !== JSON.stringify(ar)) requestDiffs.push(key);
  }
  const extra = Object.keys(after).filter((k) => !(k in before));
  return { keys, answerDiffs, requestDiffs, extra };
}

function summary(answers) {
  const rows = {};
  for (const [key, r] of Object.entries(answers)) {
    const p = key.split(':')[0];
    const s = (rows[p] ??= { questions: 0, answered: 0, abstained: 0, errors: 0, llmCalls: 0 });
    s.questions++;
    if (r.status !== 200) s.errors++;
    else if (r.abstained) s.abstained++;
    else s.answered++;
    s.llmCalls += r.requests.length;
  }
  return rows;
}

const args = parseArgs(process.argv.slice(2));
// The bundled dataset's questions, or those of `--questions` (JSONL, a `question` per row).
const questions = readFileSync(
  args.questions ?? join(root, 'libs/dspy-pipeline/assets/datasets/rental-qa.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l).question);
const stub = await startStub();
try {
  const after = await answersOf('compare-after', args.after, questions, stub);
  if (args.record) {
    const tmp = `${args.record}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify(after, null, 1)}\n`);
    renameSync(tmp, args.record);
    console.log(`recorded ${Object.keys(after).length} answers of ${args.after} to ${args.record}`);
    console.table(summary(after));
    process.exitCode = 0;
  } else {
    const before = args.before
      ? await answersOf('compare-before', args.before, questions, stub)
      : JSON.parse(readFileSync(args.against, 'utf8'));
    const { keys, answerDiffs, requestDiffs, extra } = compare(before, after);
    console.log(`before: ${args.before ?? args.against}\nafter:  ${args.after}`);
    console.table(summary(after));
    for (const d of answerDiffs.slice(0, 20))
      console.log(
        `DIFF ${d.key}\n  before ${JSON.stringify(d.before)}\n  after  ${JSON.stringify(d.after)}`,
      );
    console.log(
      `${keys.length} answers compared (${questions.length} questions x ${PIPELINES.length} pipelines): ` +
        `${answerDiffs.length} differ in answer/citations/verdict/abstained/pipeline; ` +
        `${requestDiffs.length} sent different LLM requests` +
        (extra.length > 0 ? `; ${extra.length} only in the after build` : ''),
    );
    if (requestDiffs.length > 0)
      console.log(`first request differences: ${requestDiffs.slice(0, 10).join(', ')}`);
    process.exitCode = answerDiffs.length > 0 || extra.length > 0 ? 1 : 0;
  }
} finally {
  await stub.close();
}
