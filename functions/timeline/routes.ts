import type { HttpRoute } from '#shared/catalog';

export const timelineRoutes: readonly HttpRoute[] = [];
