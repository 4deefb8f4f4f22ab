import type { HttpRoute } from '#shared/catalog';

export const postsRoutes: readonly HttpRoute[] = [];
