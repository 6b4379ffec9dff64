import type { Detector } from './detector';

/** A caller-defined entity type: a regex (flags kept, `g` added) and an optional validator. */
export interface CustomEntity {
  /** Lower snake case; the placeholder label is its upper case (`employee_id` → `<EMPLOYEE_ID_1>`). */
  type: string;
  pattern: RegExp;
  /** Receives the matched text; return false to drop the match. */
  validate?: (match: string) => boolean;
  /** Overlap priority (default 50; built-ins range 30–100). */
  priority?: number;
}

/** Builds a detector from a {@link CustomEntity}. */
export function createCustomDetector(entity: CustomEntity): Detector {
  const flags = entity.pattern.flags.includes('g')
    ? entity.pattern.flags
    : `${entity.pattern.flags}g`;
  const re = new RegExp(entity.pattern.source, flags.replace('y', ''));
  return {
    type: entity.type,
    priority: entity.priority ?? 50,
    mayMatch: () => true,
    scan(text, emit) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        if (!entity.validate || entity.validate(m[0])) emit(m.index, m.index + m[0].length);
      }
    },
  };
}
