import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  EmbeddedIndex,
  chunkDocuments,
  loadBundledCorpus,
  type SourceDocument,
} from '@cited/dspy-pipeline';
import { REPO_ROOT, startBuiltApi, type BuiltApi } from '../test-fixtures/built-api';
import { PLAYGROUND_CSP } from './playground-headers';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(REPO_ROOT, 'tmp/test-artifacts');
const skip = process.env['CITED_SKIP_BROWSER_TESTS'] === '1';

/** Stored content an attacker could have ingested: it must be shown as text, never run. */
const HOSTILE_DOC: SourceDocument = {
  id: 'zanzibar-parrot-policy',
  title: 'Zanzibar building parrot policy <b>bold</b>',
  text:
    'Tenants of the Zanzibar building may keep one parrot per apartment. ' +
    'The parrot deposit in the Zanzibar building is 300 dollars <script>alert(1)</script> ' +
    'payable <img src=x onerror="window.citedXss=1"> at signing <script>window.citedXss=2</script>.',
  metadata: {},
};

async function buildIndex(dir: string): Promise<void> {
  const corpus = await loadBundledCorpus();
  const hostile = await chunkDocuments([HOSTILE_DOC]);
  const index = await EmbeddedIndex.build([...corpus.chunks, ...hostile]);
  await index.save(dir);
}

async function ask(page: Page, question: string): Promise<void> {
  await page.fill('[data-testid=question]', question);
  const answered = page.waitForResponse((r) => r.url().endsWith('/v1/answer'));
  await page.click('[data-testid=ask]');
  await answered;
}

// Real Chromium (Debian package) against the real bundle: `node dist/apps/api/main.js`.
(skip ? describe.skip : describe)('playground page in headless Chromium', () => {
  const apiKey = randomBytes(24).toString('base64url');
  let dir: string;
  let api: BuiltApi;
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  // Console errors and failed responses while the page loads (the first test), e.g. a
  // missing favicon; later tests provoke a 401 on purpose.
  const loadConsoleErrors: string[] = [];
  const loadFailures: string[] = [];
  let loading = true;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install it with tools/install-chromium.sh ` +
          '(apt-get install -y chromium), or skip browser tests with CITED_SKIP_BROWSER_TESTS=1.',
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'cited-playground-'));
    await buildIndex(join(dir, 'index'));
    const mlflow = process.env['CITED_TEST_MLFLOW_URI'];
    api = await startBuiltApi({
      CITED_INDEX_DIR: join(dir, 'index'),
      CITED_PROGRAM_CACHE_DIR: join(dir, 'program-cache'),
      // Keys on: the page must work with them.
      CITED_API_KEYS: `${createHash('sha256').update(apiKey).digest('hex')}:default`,
      // A model name nobody registers: the default (extractive) program serves.
      CITED_MODEL_NAME: `cited-playground-${randomBytes(4).toString('hex')}`,
      MLFLOW_TRACKING_URI: mlflow ?? 'http://127.0.0.1:9',
    });
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1100, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/content security policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (loading && m.type() === 'error') loadConsoleErrors.push(m.text());
    });
    page.on('response', (r) => {
      if (loading && r.status() >= 400) loadFailures.push(`${r.status()} ${r.url()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await api?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page with a strict CSP and nosniff', async () => {
    const res = await page.goto(`${api.base}/`);
    expect(res?.status()).toBe(200);
    const headers = res?.headers() ?? {};
    expect(headers['content-security-policy']).toBe(PLAYGROUND_CSP);
    expect(PLAYGROUND_CSP).toContain("script-src 'self'");
    expect(PLAYGROUND_CSP).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options']).toBe('nosniff');
    await expect(page.title()).resolves.toBe('Cited playground');
    // The script loaded and ran (readiness line filled in by playground.js).
    // Browser-side expressions as strings: this file is compiled without the DOM library.
    await page.waitForFunction(
      "!/Checking/.test(document.querySelector('[data-testid=readiness]').textContent)",
    );
    expect(await page.textContent('[data-testid=readiness]')).toMatch(/API (ready|degraded)/);
    // A declared favicon that is served: no 404 and no console error while the page loads.
    expect(await page.getAttribute('link[rel=icon]', 'href')).toBe('/favicon.svg');
    const icon = await page.evaluate(
      "fetch('/favicon.svg').then((r) => r.status + ' ' + r.headers.get('content-type'))",
    );
    expect(icon).toBe('200 image/svg+xml');
    await page.waitForLoadState('networkidle');
    loading = false;
    expect(loadFailures).toEqual([]);
    expect(loadConsoleErrors).toEqual([]);
  });

  it('shows the 401 problem when the API key is missing', async () => {
    await ask(page, 'What is a security deposit?');
    await page.waitForSelector('[data-testid=error]:not([hidden])');
    expect(await page.textContent('[data-testid=error]')).toMatch(/HTTP 401/);
  });

  it('answers with citations, verdict, pipeline, program and timings; a chip opens its snippet', async () => {
    await page.fill('[data-testid=api-key]', apiKey);
    await ask(page, 'How long do I have to keep records for my rental property?');
    await page.waitForSelector('[data-testid=result]:not([hidden])');
    expect(await page.isHidden('[data-testid=error]')).toBe(true);
    expect((await page.textContent('[data-testid=answer]'))?.trim().length).toBeGreaterThan(0);
    const chips = page.locator('[data-testid=citation-chip]');
    expect(await chips.count()).toBeGreaterThanOrEqual(1);
    expect(await page.getAttribute('[data-testid=verdict]', 'data-verdict')).toMatch(
      /^(supported|partially_supported|unsupported|abstained)$/,
    );
    expect(await page.textContent('[data-testid=meta-pipeline]')).toBe('extractive');
    expect(await page.textContent('[data-testid=meta-program]')).toMatch(
      /cited-default-extractive · id [0-9a-f]{12} · version – · from default/,
    );
    expect(await page.textContent('[data-testid=meta-timings]')).toMatch(
      /retrieval [\d.]+ ms · LLM [\d.]+ ms · total [\d.]+ ms/,
    );
    expect(await page.isHidden('[data-testid=snippet-panel]')).toBe(true);
    await chips.first().click();
    expect(await chips.first().getAttribute('aria-expanded')).toBe('true');
    expect(await page.isVisible('[data-testid=snippet-panel]')).toBe(true);
    expect((await page.textContent('[data-testid=snippet-text]'))?.length).toBeGreaterThan(20);
    // Clicking again closes it.
    await chips.first().click();
    expect(await page.isHidden('[data-testid=snippet-panel]')).toBe(true);
  });

  it('says when the pipeline picked on the page was not honoured', async () => {
    await page.selectOption('#pipeline', 'dspy');
    await ask(page, 'How long do I have to keep records for my rental property?');
    await page.waitForSelector('[data-testid=meta-override]');
    expect(await page.textContent('[data-testid=meta-override]')).toBe(
      'dspy not honoured (the server has CITED_ALLOW_PIPELINE_OVERRIDE=false)',
    );
    expect(await page.textContent('[data-testid=meta-pipeline]')).toBe('extractive');
    await page.selectOption('#pipeline', '');
  });

  it('clears the status line of the last answer when a validation message appears', async () => {
    expect(await page.textContent('[data-testid=status]')).toMatch(/Answered in/);
    await page.fill('[data-testid=question]', '   ');
    await page.click('[data-testid=ask]');
    await page.waitForSelector('[data-testid=error]:not([hidden])');
    expect(await page.textContent('[data-testid=error]')).toMatch(/Type a question first/);
    expect(await page.textContent('[data-testid=status]')).toBe('');
  });

  it('shows a stored snippet containing <script> as text, without running it', async () => {
    await ask(page, 'How much is the parrot deposit in the Zanzibar building?');
    await page.waitForSelector('[data-testid=citation-chip]');
    const chips = page.locator('[data-testid=citation-chip]');
    let found = -1;
    for (let i = 0; i < (await chips.count()); i++) {
      await chips.nth(i).click();
      if ((await page.textContent('[data-testid=snippet-text]'))?.includes('<script>')) {
        found = i;
        break;
      }
    }
    expect(found).toBeGreaterThanOrEqual(0);
    const snippet = page.locator('[data-testid=snippet-text]');
    expect(await snippet.textContent()).toContain('<script>alert(1)</script>');
    // Text, not markup: the paragraph has no element children at all.
    expect(await snippet.evaluate((el) => el.childElementCount)).toBe(0);
    expect(await page.locator('main script, main img').count()).toBe(0);
    expect(await chips.nth(found).textContent()).toContain('<b>bold</b>');
    expect(await page.evaluate('typeof window.citedXss')).toBe('undefined');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'playground.png'), fullPage: true });
    expect(dialogs).toEqual([]);
  });

  it('keeps the API key in memory only and the page within its own CSP', async () => {
    const stored = await page.evaluate(
      '({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie })',
    );
    expect(stored).toEqual({ local: 0, session: 0, cookie: '' });
    const cookies = await context.cookies();
    expect(cookies).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
