import type { HttpRoute } from '#shared/catalog';

export const smsRoutes: readonly HttpRoute[] = [];
