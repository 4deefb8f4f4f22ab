/**
 * API Gateway HTTP API route selection: a route path is literal segments, `{name}` segments (one segment) and
 * an optional trailing greedy `{name+}`. When several routes match, the most specific wins, segment by segment
 * (literal over `{param}` over `{param+}`), so `/v1/users/me` beats `/v1/users/{username}`.
 */

export interface RouteDeclaration {
  method: string;
  path: string;
}

export interface RouteMatch<R extends RouteDeclaration> {
  route: R;
  /** URL-decoded values by parameter name. */
  pathParameters: Record<string, string>;
}

type Segment =
  | { kind: 'literal'; value: string }
  | { kind: 'param'; name: string }
  | { kind: 'greedy'; name: string };

interface CompiledRoute<R> {
  route: R;
  segments: Segment[];
}

export class RouteDeclarationError extends Error {
  override name = 'RouteDeclarationError';
}

export interface RouteMatcher<R extends RouteDeclaration> {
  match(method: string, rawPath: string): RouteMatch<R> | undefined;
}

export function createRouteMatcher<R extends RouteDeclaration>(routes: readonly R[]): RouteMatcher<R> {
  const compiled = routes.map((route) => ({ route, segments: compilePath(route.path) }));
  rejectDuplicates(compiled);

  return {
    match(method, rawPath) {
      const parts = splitPath(rawPath);
      if (!parts) return undefined;
      let best: RouteMatch<R> | undefined;
      let bestSegments: Segment[] = [];
      for (const { route, segments } of compiled) {
        if (route.method !== method.toUpperCase()) continue;
        const pathParameters = matchSegments(segments, parts);
        if (pathParameters && (!best || compareSpecificity(segments, bestSegments) < 0)) {
          best = { route, pathParameters };
          bestSegments = segments;
        }
      }
      return best;
    },
  };
}

function compilePath(path: string): Segment[] {
  if (!path.startsWith('/')) throw new RouteDeclarationError(`Route path must start with '/': ${path}`);
  const parts = path.split('/').slice(1);
  return parts.map((part, index) => {
    const param = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/.exec(part);
    if (!param) {
      if (part.includes('{') || part.includes('}')) {
        throw new RouteDeclarationError(`Route segment '${part}' in ${path} mixes text and a parameter`);
      }
      return { kind: 'literal', value: part };
    }
    const name = param[1] ?? '';
    if (param[2] === '+') {
      if (index !== parts.length - 1)
        throw new RouteDeclarationError(`Greedy {${name}+} must be last in ${path}`);
      return { kind: 'greedy', name };
    }
    return { kind: 'param', name };
  });
}

function rejectDuplicates<R extends RouteDeclaration>(compiled: readonly CompiledRoute<R>[]): void {
  const seen = new Set<string>();
  for (const { route, segments } of compiled) {
    // `/users/{id}` and `/users/{name}` are the same route to API Gateway: compare the shape, not the names.
    const shape = `${route.method} ${segments.map((s) => (s.kind === 'literal' ? s.value : `{${s.kind}}`)).join('/')}`;
    if (seen.has(shape)) throw new RouteDeclarationError(`Two routes for ${route.method} ${route.path}`);
    seen.add(shape);
  }
}

/** The path's segments, or undefined for something that is not an absolute path. */
function splitPath(rawPath: string): string[] | undefined {
  if (!rawPath.startsWith('/')) return undefined;
  return rawPath.split('/').slice(1);
}

function matchSegments(
  segments: readonly Segment[],
  parts: readonly string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const part = parts[index];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (part !== segment.value) return undefined;
    } else if (segment.kind === 'param') {
      if (part === '') return undefined;
      params[segment.name] = decode(part);
    } else {
      const rest = parts.slice(index).join('/');
      if (rest === '') return undefined;
      params[segment.name] = decode(rest);
      return params;
    }
  }
  return parts.length === segments.length ? params : undefined;
}

const RANK: Record<Segment['kind'], number> = { literal: 0, param: 1, greedy: 2 };

/** Negative when `a` is the more specific route. */
function compareSpecificity(a: readonly Segment[], b: readonly Segment[]): number {
  for (const [index, segment] of a.entries()) {
    const other = b[index];
    if (!other) break;
    const difference = RANK[segment.kind] - RANK[other.kind];
    if (difference !== 0) return difference;
  }
  return b.length - a.length;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // A malformed escape (`%zz`) is passed through as sent rather than failing the route.
    return value;
  }
}
