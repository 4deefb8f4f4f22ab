/**
 * Path patterns of the screens (`/@:username/:postId`): `:name` segments become params, `:name(a|b)` only matches
 * those words; first match wins.
 */
export interface Matched<S> {
  screen: S;
  params: Record<string, string>;
}

export function createMatcher<S>(routes: readonly { pattern: string; screen: S }[]) {
  const compiled = routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern
      .split('/')
      .map((segment) =>
        segment.replace(
          /:([a-zA-Z]+)(?:\(([a-z|]+)\))?|([^:]+)/g,
          (_all, name: string | undefined, choices: string | undefined, literal: string | undefined) => {
            if (name) {
              names.push(name);
              return choices ? `(${choices})` : '([^/]+)';
            }
            return (literal ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          },
        ),
      )
      .join('/');
    return { route, names, regex: new RegExp(`^${source}/?$`) };
  });
  return (path: string): Matched<S> | undefined => {
    for (const { route, names, regex } of compiled) {
      const match = regex.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = decodeURIComponent(match[index + 1] ?? '');
      });
      return { screen: route.screen, params };
    }
    return undefined;
  };
}
