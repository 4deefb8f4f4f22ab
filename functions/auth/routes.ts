import type { HttpRoute } from '#shared/catalog';

export const authRoutes: readonly HttpRoute[] = [];
