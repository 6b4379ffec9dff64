/**
 * Test doubles and fixtures for @cited/dspy-pipeline. Never imported by the main entry point.
 */
export {};

// LLM test doubles.
export { createScriptedLlm } from './lib/testing/scripted-llm';
export type {
  ScriptedLlm,
  ScriptedLlmOptions,
  ScriptedLlmRequest,
} from './lib/testing/scripted-llm';
export { startOpenAiStubServer } from './lib/testing/openai-stub-server';
export type {
  OpenAiStubServer,
  OpenAiStubServerOptions,
  StubChatReply,
  StubRequestRecord,
} from './lib/testing/openai-stub-server';

// Program fixtures.
export { editedProgramJson, sampleProgramJson } from './lib/testing/sample-programs';
