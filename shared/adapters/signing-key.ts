/**
 * Where the ES256 access-token keys come from, and how the current one signs.
 *
 * - In AWS the key set is one table item (`CONFIG` / `ACCESS_TOKEN_KEYS`, shared/db/key-set-repository.ts)
 *   holding public keys and KMS key ids only, written by the scheduled rotation; verifiers read nothing secret,
 *   with the DynamoDB client they already have (an SSM client would add ~86 KB to every bundle: see
 *   docs/performance.md). Issuers sign through KMS (`kms:Sign`, granted to 'issue-tokens' functions only): the
 *   private key never leaves KMS.
 * - Locally the key set, private parts included, is ACCESS_TOKEN_KEYS, generated into the data directory by
 *   local/signing-key.ts; the private key signs in-process.
 *
 * The item is re-read at most every five minutes (the rotation's overlap allows for that); the parsed set and
 * the signer are kept for as long as its text stays the same.
 */
import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { config } from '#shared/config';
import { readPublishedKeySet } from '#shared/db/key-set-repository';
import { type KeyEntry, type KeySet, parseKeySet } from './key-set';

/** How long a read of the published key set is trusted (ROTATION_OVERLAP_SECONDS in infra counts it). */
export const KEY_SET_CACHE_SECONDS = 300;

/** Signs a JWS signing input (`header.payload`) with ES256; the signature is raw r‖s (64 bytes), as JWS wants. */
export interface TokenSigner {
  kid: string;
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
}

interface Loaded {
  text: string;
  set: KeySet;
  signer: TokenSigner | undefined;
}

let loaded: Loaded | undefined;
let published: { text: string; readAtMs: number } | undefined;
let kms: KMSClient | undefined;

/** The key set in force (cached; re-read from the table at most every five minutes). */
export async function keySet(): Promise<KeySet> {
  return (await load()).set;
}

/** The signer of the current key. Only 'issue-tokens' functions may use it in AWS (IAM grants kms:Sign). */
export async function currentSigner(): Promise<TokenSigner> {
  const state = await load();
  state.signer ??= signerFor(state.set.current);
  return state.signer;
}

async function load(): Promise<Loaded> {
  const { ACCESS_TOKEN_KEYS } = config();
  const text = ACCESS_TOKEN_KEYS ?? (await publishedText());
  if (loaded?.text !== text) {
    const source = ACCESS_TOKEN_KEYS ? 'ACCESS_TOKEN_KEYS' : 'the key-set item (CONFIG / ACCESS_TOKEN_KEYS)';
    loaded = { text, set: parseKeySet(text, source), signer: undefined };
  }
  return loaded;
}

async function publishedText(nowMs = Date.now()): Promise<string> {
  if (published && nowMs - published.readAtMs < KEY_SET_CACHE_SECONDS * 1000) return published.text;
  const text = await readPublishedKeySet();
  if (!text) {
    throw new Error(
      "No access-token key set in the table (CONFIG / ACCESS_TOKEN_KEYS): the stack's key rotation publishes it; see docs/operations.md",
    );
  }
  published = { text, readAtMs: nowMs };
  return text;
}

function signerFor(key: KeyEntry): TokenSigner {
  if (key.privateKey) return localSigner(key, key.privateKey);
  return kmsSigner(key.kid);
}

function localSigner(key: KeyEntry, d: string): TokenSigner {
  const privateKey: KeyObject = createPrivateKey({ key: { ...key.publicKey, d }, format: 'jwk' });
  return {
    kid: key.kid,
    sign: async (input) =>
      new Uint8Array(sign('sha256', input, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}

/** kid = the KMS key id: the KMS key of an ECC_NIST_P256 / SIGN_VERIFY key signs the SHA-256 of the input. */
function kmsSigner(keyId: string): TokenSigner {
  kms ??= new KMSClient({});
  const client = kms;
  return {
    kid: keyId,
    sign: async (input) => {
      const { Signature } = await client.send(
        new SignCommand({
          KeyId: keyId,
          Message: input,
          MessageType: 'RAW',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!Signature) throw new Error('KMS returned no signature');
      return derToJoseSignature(Signature);
    },
  };
}

/**
 * KMS returns an ECDSA signature as DER (SEQUENCE { INTEGER r, INTEGER s }); JWS (RFC 7518 §3.4) wants r and s
 * as two 32-byte big-endian numbers side by side.
 */
export function derToJoseSignature(der: Uint8Array): Uint8Array {
  const bytes = Buffer.from(der);
  let offset = 0;
  const expect = (tag: number) => {
    if (bytes[offset] !== tag) throw new Error('Not a DER ECDSA signature');
    offset += 1;
    let length = bytes[offset] ?? 0;
    offset += 1;
    if (length & 0x80) {
      const octets = length & 0x7f;
      length = bytes.readUIntBE(offset, octets);
      offset += octets;
    }
    return length;
  };
  expect(0x30);
  const out = new Uint8Array(64);
  for (const at of [0, 32]) {
    const length = expect(0x02);
    let integer = bytes.subarray(offset, offset + length);
    offset += length;
    while (integer.length > 32 && integer[0] === 0) integer = integer.subarray(1);
    if (integer.length > 32) throw new Error('DER integer longer than 32 bytes');
    out.set(integer, at + 32 - integer.length);
  }
  return out;
}
