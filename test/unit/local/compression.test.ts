import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '#local/api-gateway-result';
import { compressForClient } from '#local/compression';

const reply = (contentType: string, bytes: number): HttpResponse => ({
  statusCode: 200,
  headers: { 'content-type': contentType },
  body: Buffer.from('a'.repeat(bytes)),
});

describe('local response compression (as CloudFront compresses)', () => {
  it('gzips a text-like body of 1,000 bytes or more for a client that accepts gzip', () => {
    for (const type of ['text/javascript; charset=utf-8', 'application/json', 'text/html; charset=utf-8']) {
      const sent = compressForClient(reply(type, 5000), 'gzip, deflate, br');
      expect(sent.headers['content-encoding']).toBe('gzip');
      expect(sent.headers.vary).toBe('Accept-Encoding');
      expect(gunzipSync(sent.body).toString()).toBe('a'.repeat(5000));
    }
  });

  it('leaves small bodies, images and clients without gzip alone', () => {
    expect(
      compressForClient(reply('application/json', 999), 'gzip').headers['content-encoding'],
    ).toBeUndefined();
    expect(compressForClient(reply('image/png', 5000), 'gzip').headers['content-encoding']).toBeUndefined();
    const plain = compressForClient(reply('application/json', 5000), 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBe(5000);
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(
      compressForClient(reply('application/json', 5000), 'gzip;q=0').headers['content-encoding'],
    ).toBeUndefined();
    expect(
      compressForClient(reply('application/json', 5000), undefined).headers['content-encoding'],
    ).toBeUndefined();
  });
});
