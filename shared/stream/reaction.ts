/**
 * A stream reaction: one named thing Skylark does when the table changes (fan a post out, reindex a profile,
 * text followers), with the Lambda filter patterns of the changes it wants. Reactions are grouped into the
 * table stream's two readers, one per failure domain (functions/reactions/reactions.ts); a reader's event
 * source filters are the union of its reactions' patterns, and inside the reader each record goes to the
 * reactions whose own patterns match it. Pure: imported by the catalog, so by the CDK app and the local stack.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { StreamFilterPattern } from '#shared/catalog';
import { matchesAnyFilter } from './filter-pattern';

export interface StreamReaction<Deps> {
  /** Stable name, in logs and in the reader's error when the reaction fails. */
  name: string;
  /** The changes it reacts to (OR-ed); at least one, so a reaction never receives everything by accident. */
  filters: readonly [StreamFilterPattern, ...StreamFilterPattern[]];
  /** Must be idempotent: a record is delivered at least once, and again whenever any reaction of its reader fails. */
  handle(deps: Deps, record: DynamoDBRecord): Promise<void>;
}

/** The reactions of a list whose filters match the record, in list order. */
export function reactionsFor<Deps>(
  reactions: readonly StreamReaction<Deps>[],
  record: DynamoDBRecord,
): StreamReaction<Deps>[] {
  return reactions.filter((reaction) => matchesAnyFilter(reaction.filters, record));
}

/**
 * The event source filters of a reader: every pattern of its reactions, OR-ed, with duplicates dropped and
 * patterns that differ in a single leaf merged into one (a leaf's alternatives are OR-ed too, so the merge
 * matches exactly the same records). Merging keeps a reader under Lambda's quota of filters per event source
 * mapping (5 by default) as reactions are added.
 */
export function readerFilters(reactions: readonly StreamReaction<unknown>[]): StreamFilterPattern[] {
  const merged: StreamFilterPattern[] = [];
  for (const pattern of reactions.flatMap((reaction) => reaction.filters)) {
    let candidate = pattern;
    for (let index = 0; index < merged.length; ) {
      const union = mergeAtOneLeaf(merged[index] as StreamFilterPattern, candidate);
      if (union === undefined) {
        index++;
        continue;
      }
      // The union may now merge with an earlier pattern too: take it out and compare it with all again.
      merged.splice(index, 1);
      candidate = union;
      index = 0;
    }
    merged.push(candidate);
  }
  return merged;
}

type Leaf = readonly (string | number | boolean)[];

/** a ∨ b as one pattern when they are equal or differ in exactly one leaf; undefined otherwise. */
function mergeAtOneLeaf(a: StreamFilterPattern, b: StreamFilterPattern): StreamFilterPattern | undefined {
  const keysOfA = Object.keys(a).sort();
  const keysOfB = Object.keys(b).sort();
  if (keysOfA.join('\0') !== keysOfB.join('\0')) return undefined;
  let differing: string | undefined;
  for (const key of keysOfA) {
    if (canonical(a[key]) === canonical(b[key])) continue;
    if (differing !== undefined) return undefined;
    differing = key;
  }
  if (differing === undefined) return a;
  const left = a[differing];
  const right = b[differing];
  if (left === undefined || right === undefined) return undefined;
  if (Array.isArray(left) && Array.isArray(right)) {
    const values: Leaf = [...left, ...(right as Leaf).filter((value) => !(left as Leaf).includes(value))];
    return { ...a, [differing]: values };
  }
  if (Array.isArray(left) || Array.isArray(right)) return undefined;
  const inner = mergeAtOneLeaf(left as StreamFilterPattern, right as StreamFilterPattern);
  return inner === undefined ? undefined : { ...a, [differing]: inner };
}

/** Key order does not change what a pattern matches. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : 1));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
}
