import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { MlflowClient } from '../client/mlflow-client';
import { splitLogBatch } from '../client/log-batch-splitter';
import { runEndpoints } from '../endpoints/tracking-endpoints';
import { MlflowClientError } from '../errors/mlflow-client-error';
import type { TraceRecord } from '../tracing/trace-record';
import { SPOOL_ID_TAG, syncStateSchema, type SpoolEntry, type SyncState } from './spool-entry';
import {
  listSpoolEntries,
  lockEntry,
  readSpoolEntry,
  removeEntry,
  writePrivateFile,
} from './spool-store';

/** Outcome of replaying one spool entry. */
export interface SyncResult {
  entry: string;
  status: 'synced' | 'locked' | 'failed';
  runId?: string;
  /** Traces of the entry now on the server (replayed by this or an earlier, crashed sync). */
  traces?: number;
  error?: string;
}

/** Traces per replayed batch (one OTLP request, a StartTraceV3 per trace). */
const TRACE_BATCH = 50;

/** The spooled traces from line `done` on, a batch at a time (streamed: files can be large). */
async function* traceBatches(file: string, done: number): AsyncGenerator<TraceRecord[]> {
  let index = 0;
  let batch: TraceRecord[] = [];
  for await (const line of createInterface({
    input: createReadStream(file),
    crlfDelay: Infinity,
  })) {
    if (line.length === 0 || index++ < done) continue;
    batch.push(JSON.parse(line) as TraceRecord);
    if (batch.length >= TRACE_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function loadState(entryDir: string): Promise<SyncState> {
  try {
    return syncStateSchema.parse(
      JSON.parse(await readFile(join(entryDir, 'sync-state.json'), 'utf8')),
    );
  } catch {
    return syncStateSchema.parse({});
  }
}

async function findOrCreateRun(client: MlflowClient, entry: SpoolEntry): Promise<string> {
  if (entry.runId) return entry.runId;
  const experimentId =
    entry.experimentId ?? (await client.experiments.getOrCreate(entry.experimentName ?? 'Default'));
  // A crash between "server created the run" and "state saved" must not create a second run.
  const existing = await client.runs.search({
    experimentIds: [experimentId],
    filter: `tags.\`${SPOOL_ID_TAG}\` = '${entry.id}'`,
    runViewType: 'ALL',
    maxResults: 1,
  });
  const found = existing.items[0];
  if (found) return found.info.runId;
  const run = await client.runs.create({
    experimentId,
    runName: entry.runName,
    startTime: entry.startTime,
    tags: { [SPOOL_ID_TAG]: entry.id },
  });
  return run.info.runId;
}

/**
 * Replays one entry exactly once: under a lock, saving progress after every step (run id,
 * each log-batch request, inputs, each artifact, each batch of traces, the final status), and removing the entry
 * only after the server has everything.
 */
export async function syncSpoolEntry(client: MlflowClient, entryDir: string): Promise<SyncResult> {
  const unlock = await lockEntry(entryDir);
  if (!unlock) return { entry: entryDir, status: 'locked' };
  let state: SyncState | undefined;
  try {
    const entry = await readSpoolEntry(entryDir);
    state = await loadState(entryDir);
    const save = (s: SyncState) =>
      writePrivateFile(join(entryDir, 'sync-state.json'), JSON.stringify(s));
    if (!state.runId) {
      state.runId = await findOrCreateRun(client, entry);
      await save(state);
    }
    const runId = state.runId;
    const chunks = splitLogBatch({
      metrics: entry.metrics,
      params: entry.params,
      tags: entry.tags,
    });
    for (let i = state.batchesDone; i < chunks.length; i++) {
      await client.call(runEndpoints.logBatch, { runId, ...chunks[i] });
      state.batchesDone = i + 1;
      await save(state);
    }
    if (!state.inputsDone && entry.inputs.length > 0)
      await client.runs.logInputs(runId, entry.inputs);
    state.inputsDone = true;
    for (let i = state.artifactsDone; i < entry.artifacts.length; i++) {
      const a = entry.artifacts[i] as SpoolEntry['artifacts'][number];
      await client.artifacts.uploadFile({ runId }, join(entryDir, a.file), a.artifactPath);
      state.artifactsDone = i + 1;
      await save(state);
    }
    if (entry.traces !== undefined && state.tracesDone < entry.traces.count) {
      // Trace and assessment ids are fixed in the file: a batch sent again after a crash
      // before its progress was saved overwrites itself instead of adding copies.
      const experimentId =
        entry.experimentId ??
        (await client.experiments.getOrCreate(entry.experimentName ?? 'Default'));
      for await (const batch of traceBatches(join(entryDir, entry.traces.file), state.tracesDone)) {
        await client.traces.logValidated({ experimentId, runId }, batch);
        state.tracesDone += batch.length;
        await save(state);
      }
    }
    if (!state.terminated) {
      await client.runs.update(runId, { status: entry.status, endTime: entry.endTime });
      state.terminated = true;
      await save(state);
    }
    await unlock();
    await removeEntry(entryDir);
    return {
      entry: entryDir,
      status: 'synced',
      runId,
      ...(entry.traces === undefined ? {} : { traces: entry.traces.count }),
    };
  } catch (error) {
    await unlock();
    const message =
      MlflowClientError.isInstance(error) || error instanceof Error ? error.message : String(error);
    return { entry: entryDir, status: 'failed', runId: state?.runId, error: message };
  }
}

/** Replays every entry of the spool, oldest first; failed entries stay for the next sync. */
export async function syncSpool(
  client: MlflowClient,
  spoolDir: string,
  onResult?: (result: SyncResult) => void,
): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  for (const entryDir of await listSpoolEntries(spoolDir)) {
    const r = await syncSpoolEntry(client, entryDir);
    onResult?.(r);
    results.push(r);
  }
  return results;
}
