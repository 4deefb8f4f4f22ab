/**
 * Lambda event filtering (the EventBridge pattern language) over stream records, for the part Skylark uses
 * and a little more:
 * - a pattern is an object; every key must match (AND); nested objects descend into the record;
 * - a leaf is an array of alternatives (OR): exact values, or `{exists: true|false}`, `{prefix: '…'}`,
 *   `{'anything-but': value | [values]}`;
 * - a record field that is an array matches when any of its elements does.
 * A consumer's patterns are OR-ed; no patterns means every record. Unsupported operators are rejected when the
 * local stack starts rather than silently matching nothing.
 * One implementation for both users: the local stream poller filters records before a reader sees them, and a
 * reader (shared/stream/reaction-reader.ts) dispatches each record to the reactions whose patterns match it.
 */

export type FilterPattern = { readonly [field: string]: FilterPattern | readonly unknown[] };

export class FilterPatternError extends Error {
  override name = 'FilterPatternError';
}

const OPERATORS = new Set(['exists', 'prefix', 'anything-but']);

export function matchesAnyFilter(patterns: readonly FilterPattern[], record: unknown): boolean {
  return patterns.length === 0 || patterns.some((pattern) => matchesFilterPattern(pattern, record));
}

export function matchesFilterPattern(pattern: FilterPattern, value: unknown): boolean {
  const fields = isPlainObject(value) ? value : {};
  return Object.entries(pattern).every(([key, rule]) => {
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    return isLeaf(rule) ? matchesLeaf(rule, field) : matchesFilterPattern(rule, field);
  });
}

function matchesLeaf(alternatives: readonly unknown[], field: unknown): boolean {
  const values = Array.isArray(field) ? field : field === undefined ? [] : [field];
  return alternatives.some((alternative) => {
    if (!isPlainObject(alternative)) return values.some((value) => value === alternative);
    if ('exists' in alternative) return alternative.exists === (field !== undefined);
    if ('prefix' in alternative) {
      const prefix = alternative.prefix;
      return values.some(
        (value) => typeof value === 'string' && typeof prefix === 'string' && value.startsWith(prefix),
      );
    }
    if ('anything-but' in alternative) {
      const excluded = [alternative['anything-but']].flat();
      return values.length > 0 && values.every((value) => !excluded.includes(value));
    }
    return false;
  });
}

/** Throws on anything this matcher would not evaluate the way Lambda does. */
export function validateFilterPattern(pattern: unknown, path = 'filter'): void {
  if (!isPlainObject(pattern)) throw new FilterPatternError(`${path} must be an object`);
  for (const [key, rule] of Object.entries(pattern)) {
    const where = `${path}.${key}`;
    if (isLeaf(rule)) {
      if (rule.length === 0) throw new FilterPatternError(`${where} is an empty list, which matches nothing`);
      for (const alternative of rule) {
        if (!isPlainObject(alternative)) continue;
        const [operator, ...more] = Object.keys(alternative);
        if (operator === undefined || more.length > 0 || !OPERATORS.has(operator)) {
          throw new FilterPatternError(
            `${where} uses ${JSON.stringify(alternative)}; the local poller supports exact values, ` +
              `${[...OPERATORS].join(', ')}`,
          );
        }
      }
    } else {
      validateFilterPattern(rule, where);
    }
  }
}

function isLeaf(rule: unknown): rule is readonly unknown[] {
  return Array.isArray(rule);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
