// Runs createDatasetManifest from the built library (dist/libs/dataset-manifest) in a bare Node
// process: the pipeline's own footprint, without the CLI's start-up cost (which loads every
// command's dependencies). Usage: node lib-manifest.cjs <file> <outDir> [maxSnapshotMb]
const { setFlagsFromString } = require('node:v8');
const { join } = require('node:path');

// Same setting as the CLI's dataset commands.
setFlagsFromString('--semi-space-growth-factor=1');
const lib = require(
  join(__dirname, '..', '..', 'dist', 'libs', 'dataset-manifest', 'src', 'index.js'),
);
const [file, outDir, mb = '100'] = process.argv.slice(2);
lib
  .createDatasetManifest({ file, outDir, maxSnapshotBytes: Math.round(Number(mb) * lib.MIB) })
  .then((r) =>
    console.log(
      JSON.stringify({ rows: r.manifest.total_rows, has_snapshot: r.manifest.has_snapshot }),
    ),
  )
  .catch((e) => {
    console.error(e.message);
    process.exitCode = 2;
  });
