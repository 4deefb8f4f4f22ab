/**
 * The web client on the gateway's origin: built with esbuild when the stack starts (web/build.ts), served at `/`
 * with an SPA fallback (a deep link such as `/@ada` gets index.html), as CloudFront serves it in AWS. API paths
 * never fall back: an unknown /v1 route stays the API's JSON 404. Plain HTTP locally, so no HSTS here.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { IMMUTABLE_CACHE, isApiPath, REVALIDATE_CACHE, SECURITY_HEADERS } from '#web/site-policy';
import type { HttpResponse } from './api-gateway-result';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

export interface StaticSite {
  /** The page or file for a GET/HEAD, or undefined when the path is not the site's (API paths, /_local). */
  serve(method: string, path: string): Promise<HttpResponse | undefined>;
}

export function staticSite(root: string): StaticSite {
  const { 'strict-transport-security': _hsts, ...headers } = SECURITY_HEADERS;
  const file = async (relativePath: string, status = 200): Promise<HttpResponse | undefined> => {
    const path = normalize(join(root, relativePath));
    if (!path.startsWith(root + sep)) return undefined;
    const body = await readFile(path).catch(() => undefined);
    if (!body) return undefined;
    const immutable = relativePath.startsWith('assets/');
    return {
      statusCode: status,
      headers: {
        ...headers,
        'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': immutable ? IMMUTABLE_CACHE : REVALIDATE_CACHE,
      },
      body,
    };
  };
  return {
    async serve(method, rawPath) {
      if (method !== 'GET' && method !== 'HEAD') return undefined;
      if (isApiPath(rawPath) || rawPath === '/_local' || rawPath.startsWith('/_local/')) return undefined;
      let path: string;
      try {
        path = decodeURIComponent(rawPath);
      } catch {
        return undefined;
      }
      const relativePath = path.replace(/^\/+/, '');
      if (relativePath !== '' && relativePath !== 'index.html') {
        const found = await file(relativePath);
        if (found) return found;
        // A missing asset is a 404, not the app: only page-like paths (no file extension) fall back.
        if (extname(relativePath) !== '') return undefined;
      }
      return file('index.html');
    },
  };
}
