/**
 * Compresses responses as CloudFront does in AWS (`compress: true` on the web and API behaviours,
 * infra/stacks/web-stack.ts): gzip for text-like bodies of 1,000 bytes or more when the client accepts it, so
 * the local stack sends the bytes a deployed site sends (and browser measurements on it mean something).
 */
import { gzipSync } from 'node:zlib';
import type { HttpResponse } from './api-gateway-result';

/** CloudFront's own lower bound: smaller bodies are sent as they are. */
const MIN_COMPRESSED_BYTES = 1000;
const COMPRESSIBLE = /^(?:text\/|application\/(?:[\w.+-]+\+)?json|application\/javascript|image\/svg\+xml)/i;

function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? '').split(',').some((coding) => {
    const [name, ...params] = coding.trim().toLowerCase().split(';');
    const refused = params.some((param) => /^\s*q=0(?:\.0*)?\s*$/.test(param));
    return (name === 'gzip' || name === '*') && !refused;
  });
}

export function compressForClient(reply: HttpResponse, acceptEncoding: string | undefined): HttpResponse {
  const contentType = String(reply.headers['content-type'] ?? '');
  if (reply.body.length < MIN_COMPRESSED_BYTES || !COMPRESSIBLE.test(contentType)) return reply;
  if (reply.headers['content-encoding']) return reply;
  const vary = { vary: reply.headers.vary ? `${reply.headers.vary}, Accept-Encoding` : 'Accept-Encoding' };
  if (!acceptsGzip(acceptEncoding)) return { ...reply, headers: { ...reply.headers, ...vary } };
  return {
    ...reply,
    headers: { ...reply.headers, ...vary, 'content-encoding': 'gzip' },
    body: gzipSync(reply.body),
  };
}
