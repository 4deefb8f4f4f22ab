import type { HttpRoute } from '#shared/catalog';

export const timelineRoutes: readonly HttpRoute[] = [
  {
    name: 'HomeTimeline',
    method: 'GET',
    path: '/v1/timeline',
    entry: 'functions/timeline/home-timeline.ts',
    auth: 'required',
    uses: ['table:read'],
  },
  {
    name: 'Mentions',
    method: 'GET',
    path: '/v1/mentions',
    entry: 'functions/timeline/mentions.ts',
    auth: 'required',
    uses: ['table:read'],
  },
];
