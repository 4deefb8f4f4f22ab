import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { httpRoutes as catalogRoutes } from '#functions/catalog';
import { httpHandler, routeContract } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
// tools/ has no package.json alias: the generator is a build script, not a module the app imports.
import {
  ALTERNATIVE_SUCCESS,
  buildOpenApi,
  isV1Route,
  OPENAPI_PATH,
  renderOpenApi,
  SUCCESS_STATUS,
} from '../../tools/openapi';

/** The routes the document covers: Skylark's own /v1 (the Mastodon surface follows Mastodon's docs). */
const httpRoutes = catalogRoutes.filter(isV1Route);

type Operation = {
  operationId: string;
  security?: unknown;
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: { 'application/json': { schema: { required?: string[] } } } };
  responses: Record<string, unknown>;
};
type Document = { paths: Record<string, Record<string, Operation>> };

let generated: Document;
let rendered: string;

beforeAll(async () => {
  const document = await buildOpenApi();
  generated = document as Document;
  rendered = renderOpenApi(document);
}, 30_000);

function operationOf(route: { method: string; path: string }): Operation | undefined {
  return generated.paths[route.path]?.[route.method.toLowerCase()];
}

describe('the OpenAPI document', () => {
  it('matches the committed docs/openapi.json (run `npm run openapi` after changing a route or schema)', async () => {
    expect(rendered).toBe(await readFile(OPENAPI_PATH, 'utf8'));
  });

  it('has one operation per catalog route, under its method', () => {
    for (const route of httpRoutes) {
      expect(operationOf(route)?.operationId, `${route.method} ${route.path}`).toBe(route.name);
    }
    const operations = Object.values(generated.paths).flatMap((item) => Object.keys(item));
    expect(operations).toHaveLength(httpRoutes.length);
  });

  it('declares a success status for every route and for no unknown one', () => {
    expect(Object.keys(SUCCESS_STATUS).sort()).toEqual(httpRoutes.map((route) => route.name).sort());
    for (const route of httpRoutes) {
      expect(operationOf(route)?.responses).toHaveProperty(String(SUCCESS_STATUS[route.name]));
    }
  });

  it("shows FollowUser's 202 {state: requested} for a protected account beside its 204", () => {
    const follow = generated.paths['/v1/users/{username}/follow']?.put;
    expect(Object.keys(follow?.responses ?? {})).toEqual(expect.arrayContaining(['202', '204', '403']));
    const accepted = follow?.responses['202'] as { content: { 'application/json': { schema: unknown } } };
    expect(accepted.content['application/json'].schema).toMatchObject({
      properties: { state: { const: 'requested' } },
      required: ['state'],
    });
    for (const name of Object.keys(ALTERNATIVE_SUCCESS)) {
      expect(SUCCESS_STATUS[name], name).not.toBe(ALTERNATIVE_SUCCESS[name]?.status);
    }
  });

  it('puts protected routes behind the bearer scheme and only them', () => {
    for (const route of httpRoutes) {
      const operation = operationOf(route);
      if (route.auth === 'required') {
        expect(operation?.security, route.name).toEqual([{ bearerAuth: [] }]);
        expect(operation?.responses, route.name).toHaveProperty('401');
      } else if (route.auth === 'optional') {
        // Signed in or not: the token, when sent, adds the reader's viewer state.
        expect(operation?.security, route.name).toEqual([{ bearerAuth: [] }, {}]);
      } else {
        expect(operation?.security, route.name).toBeUndefined();
      }
    }
  });

  it('requires every registration field in the register body', () => {
    const schema =
      generated.paths['/v1/auth/register']?.post?.requestBody?.content['application/json'].schema;
    expect(schema?.required).toEqual(['firstName', 'lastName', 'username', 'email', 'password']);
  });

  it('turns path and query schemas into parameters', () => {
    const replies = generated.paths['/v1/posts/{id}/replies']?.get;
    expect(replies?.parameters?.map(({ name, in: where, required }) => [name, where, required])).toEqual([
      ['id', 'path', true],
      ['limit', 'query', false],
      ['cursor', 'query', false],
    ]);
  });
});

describe('routeContract', () => {
  it('exposes what a handler validates without changing the handler', () => {
    const Body = z.strictObject({ name: z.string() });
    const handler = httpHandler({ schemas: { body: Body }, auth: 'required' }, async () => ok({}));
    expect(routeContract(handler)).toEqual({ schemas: { body: Body }, auth: 'required' });
    expect(Object.keys(handler)).not.toContain('contract');
    expect(routeContract(async () => undefined)).toBeUndefined();
  });
});
