/**
 * One function serving several routes (the Mastodon surface: dozens of small routes in a few functions, so the
 * stack stays far below CloudFormation's resource limit). Each route keeps its own httpHandler chain; the
 * dispatcher only picks it by API Gateway's route key ("GET /api/v1/accounts/{id}"), which the local gateway
 * sets the same way.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { ApiHandler } from './handler';

export type RouteTable = Readonly<Record<string, ApiHandler>>;

export function dispatchByRouteKey(routes: RouteTable) {
  return async (event: APIGatewayProxyEventV2, context: Context) => {
    const route = routes[event.routeKey];
    if (!route) {
      return {
        statusCode: 404,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ error: 'Record not found' }),
      };
    }
    return route(event, context);
  };
}
