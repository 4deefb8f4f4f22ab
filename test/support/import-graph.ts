/**
 * The import graph of the repository's own TypeScript, read from the source text (static `import`/`export …
 * from` and dynamic `import('…')` with a literal), for the architecture tests. Type-only imports count too:
 * a type cycle is still a cycle for a reader, and a domain type imported from shared/db still couples them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

const ALIASES: Record<string, string> = {
  '#shared/': 'shared/',
  '#functions/': 'functions/',
  '#local/': 'local/',
  '#infra/': 'infra/',
  '#test/': 'test/',
};

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const SIDE_EFFECT_IMPORT = /(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

export interface ImportEdge {
  /** Repository-relative path of the importing file. */
  from: string;
  /** Repository-relative path of the imported file, or the package specifier for a dependency. */
  to: string;
  external: boolean;
}

/** Every .ts/.tsx file under the given repository-relative folders. */
export function sourceFiles(...folders: string[]): string[] {
  return folders.flatMap((folder) =>
    readdirSync(path.join(REPO_ROOT, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
      .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name))),
  );
}

/** The specifiers a file imports, as written. */
export function importSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(IMPORT)) specifiers.push((match[1] ?? match[2]) as string);
  for (const match of source.matchAll(SIDE_EFFECT_IMPORT)) specifiers.push(match[1] as string);
  return specifiers;
}

function resolve(from: string, specifier: string): { to: string; external: boolean } {
  const alias = Object.keys(ALIASES).find((prefix) => specifier.startsWith(prefix));
  let target: string | undefined;
  if (alias) target = `${ALIASES[alias]}${specifier.slice(alias.length)}`;
  else if (specifier.startsWith('.')) target = path.join(path.dirname(from), specifier);
  if (target === undefined) return { to: specifier, external: true };
  const withExtension = /\.tsx?$/.test(target) ? target : `${target.replace(/\.js$/, '')}.ts`;
  return { to: path.normalize(withExtension), external: false };
}

export function importEdges(files: readonly string[]): ImportEdge[] {
  return files.flatMap((from) =>
    importSpecifiers(readFileSync(path.join(REPO_ROOT, from), 'utf8')).map((specifier) => ({
      from,
      ...resolve(from, specifier),
    })),
  );
}

/** The import cycles among internal files: each strongly connected component of more than one file. */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.external) continue;
    graph.set(edge.from, [...(graph.get(edge.from) ?? []), edge.to]);
  }
  // Tarjan's algorithm, iterative enough for a repository of this size.
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    lowLink.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(node, Math.min(lowLink.get(node) as number, lowLink.get(next) as number));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node) as number, index.get(next) as number));
      }
    }
    if (lowLink.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
