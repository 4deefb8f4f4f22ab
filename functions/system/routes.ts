import type { HttpRoute } from '#shared/catalog';

export const systemRoutes: readonly HttpRoute[] = [
  {
    name: 'Health',
    method: 'GET',
    path: '/v1/health',
    entry: 'functions/system/health.ts',
    auth: 'none',
    uses: [],
  },
  {
    name: 'PublicConfig',
    method: 'GET',
    path: '/v1/config',
    entry: 'functions/system/config.ts',
    auth: 'none',
    uses: [],
  },
];
