import { AxMockAIService, type AxChatRequest } from '@ax-llm/ax';
import type { LlmService } from '../llm/llm-service';
import { describeAxService } from '../llm/llm-service';
import { runModule } from '../programs/module-runner';
import { formatPassages } from '../programs/passage-format';
import { REASONER_ID } from '../programs/reasoner-program';
import { VERIFIER_ID } from '../programs/verifier-program';
import {
  BASELINE_SYSTEM_PROMPT,
  baselineUserPrompt,
  parseBaselineReply,
} from '../programs/baseline-prompt';
import type { Passage } from '../retrieval/passage';
import type { QaProgram } from './program-schema';

/** The canned question of a dry run. */
export const DRY_RUN_QUESTION = 'How many days' + "' notice must a tenant give before moving out?";

/** The canned passages of a dry run (synthetic, no personal data). */
export const DRY_RUN_PASSAGES: readonly Passage[] = [
  {
    id: 'sample-lease#0',
    documentId: 'sample-lease',
    title: 'Sample lease',
    text: 'The tenant must give at least 30 days of written notice before moving out.',
    score: 1,
    tenantId: 'default',
    start: 0,
    end: 74,
    metadata: {},
  },
];

/** One module's rendered prompt and, when an LLM was called, its raw output. */
export interface DryRunModule {
  module: string;
  messages: Array<{ role: string; content: string }>;
  output?: string;
  error?: string;
}

/** What a dry run shows. */
export interface DryRunReport {
  programId: string;
  pipeline: QaProgram['pipeline'];
  question: string;
  modules: DryRunModule[];
  calledLlm: boolean;
}

/**
 * Renders the prompts a program would send for a canned question (no network), and when an
 * LLM is given, also sends them and shows the outputs. Extractive programs have no prompt.
 */
export async function dryRunProgram(program: QaProgram, llm?: LlmService): Promise<DryRunReport> {
  const report: DryRunReport = {
    programId: program.id,
    pipeline: program.pipeline,
    question: DRY_RUN_QUESTION,
    modules: [],
    calledLlm: llm !== undefined,
  };
  if (program.pipeline === 'baseline') {
    const messages = [
      { role: 'system', content: BASELINE_SYSTEM_PROMPT },
      { role: 'user', content: baselineUserPrompt(DRY_RUN_QUESTION, DRY_RUN_PASSAGES) },
    ];
    const entry: DryRunModule = { module: 'baseline-llm', messages };
    if (llm) {
      try {
        const res = await llm.ai.chat(
          {
            chatPrompt: [
              { role: 'system', content: messages[0]?.content ?? '' },
              { role: 'user', content: messages[1]?.content ?? '' },
            ],
          },
          { stream: false },
        );
        entry.output = 'results' in res ? (res.results[0]?.content ?? '') : '';
        if (parseBaselineReply(entry.output) === undefined)
          entry.error = 'the reply was not the expected JSON object {"answer", "citations"}';
      } catch (err) {
        entry.error = (err as Error).message;
      }
    }
    report.modules.push(entry);
    return report;
  }
  const passages = formatPassages(DRY_RUN_PASSAGES);
  const mods: Array<{
    name: string;
    id: string;
    spec: QaProgram['modules']['reasoner'];
    values: Record<string, string>;
  }> = [
    {
      name: 'reasoner',
      id: REASONER_ID,
      spec: program.modules.reasoner,
      values: { question: DRY_RUN_QUESTION, passages },
    },
    {
      name: 'verifier',
      id: VERIFIER_ID,
      spec: program.modules.verifier,
      values: { question: DRY_RUN_QUESTION, answer: 'At least 30 days.', passages },
    },
  ];
  for (const m of mods) {
    if (!m.spec) continue;
    let captured: Array<{ role: string; content: string }> = [];
    const capture = new AxMockAIService<string>({
      features: { functions: false, streaming: false },
      chatResponse: async (req: Readonly<AxChatRequest<unknown>>) => {
        captured = req.chatPrompt.map((msg) => ({
          role: msg.role,
          content:
            typeof (msg as { content?: unknown }).content === 'string'
              ? String((msg as { content: string }).content)
              : JSON.stringify((msg as { content?: unknown }).content ?? ''),
        }));
        return {
          results: [
            {
              index: 0,
              content:
                m.name === 'reasoner' ? 'Answer: (dry run)\nCitations: []' : 'Verdict: supported',
              finishReason: 'stop' as const,
            },
          ],
        };
      },
    });
    await runModule({
      module: m.name,
      programId: m.id,
      spec: m.spec,
      llm: describeAxService(capture, { model: 'dry-run' }),
      values: m.values,
      passageIds: DRY_RUN_PASSAGES.map((p) => p.id),
    }).catch(() => undefined);
    const entry: DryRunModule = { module: m.name, messages: captured };
    if (llm) {
      let output = '';
      await runModule({
        module: m.name,
        programId: m.id,
        spec: m.spec,
        llm,
        values: m.values,
        passageIds: DRY_RUN_PASSAGES.map((p) => p.id),
        sinks: {
          raw: (r) => {
            if (r.kind === 'output') output = r.content;
          },
        },
      }).catch((err: Error) => {
        entry.error = err.message;
      });
      entry.output = output;
    }
    report.modules.push(entry);
  }
  return report;
}
