/**
 * Upgrades of older `program.json` layouts to the current schema version, one step per
 * version. Version 0 is the draft layout written before 0.1.0 (module demos under
 * `examples`, no `servedModel`, no `axVersion`).
 */
export const PROGRAM_MIGRATIONS: Record<
  number,
  (raw: Record<string, unknown>) => Record<string, unknown>
> = {
  0: (raw) => {
    const modules = (isRecord(raw['modules']) ? raw['modules'] : {}) as Record<string, unknown>;
    const upgraded: Record<string, unknown> = {};
    for (const [name, mod] of Object.entries(modules)) {
      if (!isRecord(mod)) {
        upgraded[name] = mod;
        continue;
      }
      const { examples, ...rest } = mod;
      upgraded[name] = { ...rest, demos: rest['demos'] ?? examples ?? [] };
    }
    const llm = isRecord(raw['llm']) ? { servedModel: null, ...raw['llm'] } : raw['llm'];
    return {
      ...raw,
      schemaVersion: 1,
      axVersion: raw['axVersion'] ?? 'unknown',
      modules: upgraded,
      llm,
    };
  },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
