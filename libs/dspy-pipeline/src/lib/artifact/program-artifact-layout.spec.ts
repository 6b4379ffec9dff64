import {
  PROGRAM_ARTIFACT_DIR,
  PROGRAM_ARTIFACT_PATH,
  PROGRAM_FILE,
  programFileAt,
  runProgramSource,
} from './program-artifact-layout';

describe('program artifact layout', () => {
  it('keeps a run program at program/program.json', () => {
    expect(PROGRAM_FILE).toBe('program.json');
    expect(PROGRAM_ARTIFACT_DIR).toBe('program');
    expect(PROGRAM_ARTIFACT_PATH).toBe('program/program.json');
  });

  it.each([
    ['program', 'program/program.json'],
    ['program/', 'program/program.json'],
    ['trials/3//', 'trials/3/program.json'],
    ['program/program.json', 'program/program.json'],
    ['best.json', 'best.json'],
  ])('finds the program file of the artifact path %p', (path, file) => {
    expect(programFileAt(path)).toBe(file);
  });

  it('registers a run from its program folder', () => {
    expect(runProgramSource('mlflow-artifacts:/1/abc/artifacts/')).toBe(
      'mlflow-artifacts:/1/abc/artifacts/program',
    );
    expect(runProgramSource('s3://bucket/1/abc/artifacts')).toBe(
      's3://bucket/1/abc/artifacts/program',
    );
  });
});
