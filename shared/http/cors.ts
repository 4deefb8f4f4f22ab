/**
 * The CORS policy, declared once: API Gateway answers preflights with it (infra/stacks/api-stack.ts), the local
 * gateway mirrors that (local/gateway.ts), and the middleware adds the headers to every response
 * (shared/http/handler.ts). Bearer tokens, not cookies, so credentials mode is never needed.
 */
export const CORS_POLICY = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
  exposeHeaders: ['retry-after', 'link'],
  maxAgeSeconds: 600,
} as const;
