import type { RefusedProgram } from './serving-program';

/**
 * Which refusal keeps the intended program from serving: the refusal of a program meant to
 * replace the primary one (a `CITED_PROGRAM_PATH` file, a registry version, a cache entry),
 * until something settles it. A state, not a comparison of timestamps: a refusal in the same
 * millisecond as a load still counts.
 */
export class OutstandingRefusal {
  private current: RefusedProgram | null = null;
  /** The last refused registry version: not downloaded again while the alias points at it. */
  private lastRegistry: RefusedProgram | null = null;

  /** A program was refused (the built-in defaults never stand in the way of another). */
  refused(r: RefusedProgram): void {
    if (r.source === 'registry') this.lastRegistry = r;
    if (r.source !== 'default') this.current = r;
  }

  /** A new primary program serves: nothing is refused in its place. */
  served(): void {
    this.current = null;
    this.lastRegistry = null;
  }

  /** The alias points at the program serving: an earlier refusal no longer stands in its way. */
  aliasOnServing(): void {
    this.current = null;
  }

  /**
   * Whether `version` is the registry version refused last, which is not downloaded again.
   * When it is, the alias is back on it and it still does not serve: its refusal stands again.
   */
  alreadyRefused(version: string): boolean {
    if (this.lastRegistry === null || this.lastRegistry.version !== version) return false;
    this.current = this.lastRegistry;
    return true;
  }

  /** The refusal that keeps a newer program from serving, or null when the intended one serves. */
  get(): RefusedProgram | null {
    return this.current;
  }
}
