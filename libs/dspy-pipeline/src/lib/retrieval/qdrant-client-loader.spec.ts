import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { createQdrantClient } from './qdrant-client-loader';

function missing(id: string): never {
  const err = new Error(`Cannot find module '${id}'`) as NodeJS.ErrnoException;
  err.code = 'MODULE_NOT_FOUND';
  throw err;
}

describe('createQdrantClient (the optional peer @qdrant/js-client-rest)', () => {
  const options = { url: 'http://127.0.0.1:6333', checkCompatibility: false };

  it('loads the installed client', () => {
    const client = createQdrantClient(options);
    expect(typeof client.collectionExists).toBe('function');
  });

  it('names the package to install when it is missing', () => {
    let caught: unknown;
    try {
      createQdrantClient(options, () => missing('@qdrant/js-client-rest'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DspyPipelineError);
    expect(caught).toMatchObject({
      code: 'invalid_config',
      where: 'http://127.0.0.1:6333',
      fix: expect.stringContaining('npm install @qdrant/js-client-rest@1.18.0'),
    });
  });

  it('rethrows other load failures unchanged (a broken install is not "missing")', () => {
    const broken = new Error('boom');
    expect(() =>
      createQdrantClient(options, () => {
        throw broken;
      }),
    ).toThrow(broken);
    expect(() => createQdrantClient(options, () => missing('some-other-module'))).toThrow(
      "Cannot find module 'some-other-module'",
    );
  });
});
