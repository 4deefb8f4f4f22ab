import { describe, expect, it } from 'vitest';
import { createRouteMatcher, RouteDeclarationError } from '#local/route-matcher';

const routes = [
  { method: 'GET', path: '/v1/health' },
  { method: 'GET', path: '/v1/users/{username}' },
  { method: 'GET', path: '/v1/users/me' },
  { method: 'PUT', path: '/v1/users/{username}/follow' },
  { method: 'DELETE', path: '/v1/users/{username}/follow' },
  { method: 'GET', path: '/files/{path+}' },
];
const matcher = createRouteMatcher(routes);

describe('createRouteMatcher', () => {
  it('matches literal paths exactly', () => {
    expect(matcher.match('GET', '/v1/health')?.route.path).toBe('/v1/health');
    expect(matcher.match('GET', '/v1/health/')).toBeUndefined();
    expect(matcher.match('GET', '/v1/healthz')).toBeUndefined();
  });

  it('binds {param} segments to URL-decoded values', () => {
    expect(matcher.match('GET', '/v1/users/ada%20lovelace')).toEqual({
      route: routes[1],
      pathParameters: { username: 'ada lovelace' },
    });
  });

  it('keeps an encoded slash inside one segment', () => {
    expect(matcher.match('GET', '/v1/users/a%2Fb')?.pathParameters).toEqual({ username: 'a/b' });
  });

  it('does not let a parameter match an empty segment', () => {
    expect(matcher.match('GET', '/v1/users/')).toBeUndefined();
  });

  it('prefers a literal segment over a parameter', () => {
    expect(matcher.match('GET', '/v1/users/me')?.route.path).toBe('/v1/users/me');
  });

  it('selects by method, and a method without a route does not match (API Gateway answers 404)', () => {
    expect(matcher.match('DELETE', '/v1/users/ada/follow')?.route.method).toBe('DELETE');
    expect(matcher.match('POST', '/v1/users/ada/follow')).toBeUndefined();
    expect(matcher.match('get', '/v1/health')).toBeDefined();
  });

  it('lets a greedy {param+} take the rest of the path', () => {
    expect(matcher.match('GET', '/files/a/b/c.txt')?.pathParameters).toEqual({ path: 'a/b/c.txt' });
    expect(matcher.match('GET', '/files/')).toBeUndefined();
  });

  it('leaves a malformed escape as it was sent', () => {
    expect(matcher.match('GET', '/v1/users/%zz')?.pathParameters).toEqual({ username: '%zz' });
  });

  it('rejects two routes API Gateway would see as the same', () => {
    expect(() =>
      createRouteMatcher([
        { method: 'GET', path: '/v1/posts/{id}' },
        { method: 'GET', path: '/v1/posts/{postId}' },
      ]),
    ).toThrow(RouteDeclarationError);
  });

  it('rejects segments that mix text and a parameter', () => {
    expect(() => createRouteMatcher([{ method: 'GET', path: '/v1/posts/id-{id}' }])).toThrow(
      RouteDeclarationError,
    );
  });
});
