import type { HttpRoute } from '#shared/catalog';

export const usersRoutes: readonly HttpRoute[] = [];
