import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  resolveBundledAssetsDir,
} from '@cited/dspy-pipeline';
import type { OpenAiStubServer } from '@cited/dspy-pipeline/testing';
import { cli, isolatedEnv, testMlflowUri } from '../test-fixtures/cli-harness';
import { startLlmStub } from '../test-fixtures/llm-stub';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '../../../../tmp/test-artifacts');
const skip = process.env['CITED_SKIP_BROWSER_TESTS'] === '1';
const assets = resolveBundledAssetsDir();

// Real Chromium (Debian package) against the real MLflow UI of the test server.
(skip ? describe.skip : describe)(
  'MLflow UI: the Traces tab of an eval run (headless Chromium)',
  () => {
    let stub: OpenAiStubServer;
    let browser: Browser;
    let profile: string;

    beforeAll(async () => {
      if (!existsSync(CHROMIUM))
        throw new Error(
          `${CHROMIUM} is missing: install it with tools/install-chromium.sh, or skip browser tests with CITED_SKIP_BROWSER_TESTS=1.`,
        );
      stub = (await startLlmStub()).stub;
      profile = mkdtempSync(join(tmpdir(), 'cited-mlflow-ui-'));
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await stub?.close();
      rmSync(profile, { recursive: true, force: true });
    });

    it('lists one trace row per example with its scores, and opens a trace on its steps', async () => {
      const env = isolatedEnv('mlflow-ui', {
        CITED_LLM_PROVIDER: 'openai-compatible',
        CITED_LLM_BASE_URL: stub.baseUrl,
        CITED_LLM_MODEL: 'stub-model',
      });
      const r = await cli(
        [
          'eval',
          '--pipeline',
          'dspy',
          '--corpus',
          join(assets, BUNDLED_CORPUS_DIR),
          '--dataset',
          join(assets, BUNDLED_DATASET_FILE),
          '--limit',
          '5',
          '--json',
        ],
        env,
      );
      expect({ code: r.code, err: r.code === 0 ? '' : r.err }).toEqual({ code: 0, err: '' });
      const { runId, experimentId } = r.json<{ runId: string; experimentId: string }>();
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${testMlflowUri()}/#/experiments/${experimentId}/runs/${runId}`);
      await page.getByRole('tab', { name: 'Traces' }).click();
      const rows = page.getByText(/^tr-[0-9a-f]{4}/);
      await rows.first().waitFor({ timeout: 30_000 });
      // The assistant side panel takes a third of the page; the table is what we want to see.
      await page
        .getByRole('button', { name: 'Close', exact: true })
        .click({ timeout: 5_000 })
        .catch(() => undefined);
      await page.getByText('expected_sources').first().waitFor({ timeout: 30_000 });
      expect(await rows.count()).toBe(5);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'mlflow-run-traces.png'), fullPage: true });
      await rows.first().click();
      await page.getByText('retrieve', { exact: true }).first().waitFor({ timeout: 30_000 });
      await page.getByText('reason', { exact: true }).first().waitFor({ timeout: 30_000 });
      await page.getByText('verify', { exact: true }).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(ARTIFACTS, 'mlflow-trace-steps.png'), fullPage: true });
      await page.close();
    }, 120_000);
  },
);
