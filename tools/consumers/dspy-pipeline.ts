// Uses @cited/dspy-pipeline installed alone from a registry (CommonJS and ESM builds): the
// bundled sample data ships in the package, an answer runs without an LLM, and Qdrant (an
// optional peer that is not installed here) fails with an error naming the package.
import {
  DspyPipelineError,
  EmbeddedIndex,
  ExtractivePipeline,
  QdrantRetriever,
  loadBundledCorpus,
  loadBundledDataset,
} from '@cited/dspy-pipeline';

async function main(): Promise<void> {
  const { chunks, assetsDir } = await loadBundledCorpus();
  check(chunks.length > 0, 'the bundled corpus has chunks');
  check(assetsDir.includes('node_modules'), `assets come from the package (${assetsDir})`);
  const dev = await loadBundledDataset({ split: 'dev' });
  check(dev.length > 0, 'the bundled dataset has dev rows');
  const index = await EmbeddedIndex.build(chunks);
  const result = await new ExtractivePipeline({ retriever: index }).answer(
    'How soon must a security deposit be returned?',
    { tenantId: 'default', topK: 5 },
  );
  check(result.citations.length > 0, `the answer cites its sources: ${result.answer}`);
  try {
    new QdrantRetriever({ url: 'http://127.0.0.1:6333', collection: 'docs' });
    check(false, 'QdrantRetriever without @qdrant/js-client-rest throws');
  } catch (err) {
    check(
      err instanceof DspyPipelineError &&
        err.code === 'invalid_config' &&
        `${err.message} ${err.fix ?? ''}`.includes('npm install @qdrant/js-client-rest'),
      `a clear error names the package to install: ${String(err)}`,
    );
  }
  console.log('dspy-pipeline ok');
}
main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`consumer check failed: ${what}`);
}
