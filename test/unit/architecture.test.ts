/**
 * The layout rules of STYLE.md, checked on the import graph so a change that breaks one fails here:
 * no import cycles; the domain imports no storage, HTTP, adapter or AWS code; areas never import each other;
 * handlers reach storage and adapters only through their area's deps.ts.
 */
import { describe, expect, it } from 'vitest';
import { type ImportEdge, importCycles, importEdges, sourceFiles } from '#test/support/import-graph';

const edges = importEdges(sourceFiles('shared', 'functions'));

/** `functions/<area>/<file>`: the area, or undefined for files at the root of functions/ (the catalog). */
function areaOf(file: string): string | undefined {
  const parts = file.split('/');
  return parts[0] === 'functions' && parts.length > 2 ? parts[1] : undefined;
}

/**
 * Declarations and wiring: an area's deps (deps.ts, and `<group>-deps.ts` beside it for what only some of its
 * handlers use), its route declarations and the stream reaction list.
 */
const isWiringFile = (file: string) => /\/([\w-]*deps|reactions|[\w-]*routes)\.ts$/.test(file);

const FORBIDDEN_IN_DOMAIN = [/^shared\/db\//, /^shared\/http\//, /^shared\/adapters\//, /^functions\//];
const FORBIDDEN_PACKAGES_IN_DOMAIN = /^(@aws-sdk\/|@aws-lambda-powertools\/|@middy\/|aws-lambda$)/;
const FORBIDDEN_IN_HANDLERS = [/^shared\/db\//, /^shared\/adapters\//, /^shared\/config\.ts$/];

function describeEdges(found: ImportEdge[]): string[] {
  return found.map((edge) => `${edge.from} → ${edge.to}`);
}

describe('the import graph', () => {
  it('has no import cycles in shared/ and functions/', () => {
    expect(importCycles(edges)).toEqual([]);
  });

  it('finds a cycle when there is one (the check is not vacuous)', () => {
    const cycle: ImportEdge[] = [
      { from: 'shared/a.ts', to: 'shared/b.ts', external: false },
      { from: 'shared/b.ts', to: 'shared/c.ts', external: false },
      { from: 'shared/c.ts', to: 'shared/a.ts', external: false },
      { from: 'shared/c.ts', to: 'shared/d.ts', external: false },
    ];
    expect(importCycles(cycle)).toEqual([['shared/a.ts', 'shared/b.ts', 'shared/c.ts']]);
  });

  it('reads the imports it checks (static, re-exports, type-only and dynamic)', () => {
    const accountsDeps = edges.filter((edge) => edge.from === 'shared/domain/accounts/deps.ts');
    expect(accountsDeps.map((edge) => edge.to)).toContain('shared/domain/accounts/ports.ts');
    expect(edges.length).toBeGreaterThan(300);
  });
});

describe('shared/domain', () => {
  it('imports nothing from shared/db, shared/http, shared/adapters, functions/ or AWS packages', () => {
    const domainEdges = edges.filter((edge) => edge.from.startsWith('shared/domain/'));
    const violations = domainEdges.filter((edge) =>
      edge.external
        ? FORBIDDEN_PACKAGES_IN_DOMAIN.test(edge.to)
        : FORBIDDEN_IN_DOMAIN.some((pattern) => pattern.test(edge.to)),
    );
    expect(describeEdges(violations)).toEqual([]);
  });
});

describe('functions/', () => {
  it('has no import from one area into another', () => {
    const violations = edges.filter(
      (edge) =>
        !edge.external &&
        areaOf(edge.from) !== undefined &&
        areaOf(edge.to) !== undefined &&
        areaOf(edge.from) !== areaOf(edge.to),
    );
    expect(describeEdges(violations)).toEqual([]);
  });

  it('keeps handlers off storage, adapters and config: only their area deps.ts builds those', () => {
    const violations = edges.filter(
      (edge) =>
        areaOf(edge.from) !== undefined &&
        !isWiringFile(edge.from) &&
        (edge.external
          ? edge.to.startsWith('@aws-sdk/')
          : FORBIDDEN_IN_HANDLERS.some((pattern) => pattern.test(edge.to))),
    );
    expect(describeEdges(violations)).toEqual([]);
  });

  it('gives every area one deps.ts, the only place it builds its dependencies', () => {
    const files = sourceFiles('functions');
    const areas = new Set(files.map(areaOf).filter((area) => area !== undefined));
    const areasWithoutDeps = [...areas].filter((area) => !files.includes(`functions/${area}/deps.ts`));
    expect(areas.size).toBeGreaterThan(4);
    expect(areasWithoutDeps).toEqual([]);
  });
});
