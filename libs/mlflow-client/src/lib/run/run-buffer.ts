import type { WireMetric } from '../client/log-batch-splitter';
import type { DatasetInputSpec } from '../client/runs-api';
import type { SpoolArtifact } from '../spool/spool-store';

/** Records not yet accepted by the server. */
export interface PendingRecords {
  metrics: WireMetric[];
  params: { key: string; value: string }[];
  tags: { key: string; value: string }[];
  inputs: DatasetInputSpec[];
  artifacts: SpoolArtifact[];
}

/** Buffers a run's records between flushes; failed sends go back to the front, in order. */
export class RunBuffer {
  private pending: PendingRecords = RunBuffer.empty();

  /** Empty record set. */
  static empty(): PendingRecords {
    return { metrics: [], params: [], tags: [], inputs: [], artifacts: [] };
  }

  /** Number of buffered metrics, params and tags (what a flush-on-size counts). */
  get size(): number {
    return this.pending.metrics.length + this.pending.params.length + this.pending.tags.length;
  }

  /** Adds records. */
  add(records: Partial<PendingRecords>): void {
    for (const k of Object.keys(records) as (keyof PendingRecords)[])
      (this.pending[k] as unknown[]).push(...(records[k] ?? []));
  }

  /** Takes everything buffered (the buffer is empty afterwards). */
  take(): PendingRecords {
    const out = this.pending;
    this.pending = RunBuffer.empty();
    return out;
  }

  /** Puts records that could not be sent back in front of anything logged meanwhile. */
  restore(records: PendingRecords): void {
    const newer = this.pending;
    this.pending = records;
    this.add(newer);
  }

  /** True when nothing is buffered. */
  get isEmpty(): boolean {
    return (
      this.size === 0 && this.pending.inputs.length === 0 && this.pending.artifacts.length === 0
    );
  }
}
