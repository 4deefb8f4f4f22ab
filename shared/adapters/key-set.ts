/**
 * The access-token key set: which ES256 key signs (current), which keys verify, and how a rotation moves them.
 * Pure data and functions, shared by the token adapter (shared/adapters/access-tokens.ts), the local key file
 * (local/signing-key.ts) and the scheduled rotation in AWS (infra/functions/rotate-signing-keys.ts).
 *
 * Three slots, so a rotation never leaves a verifier without the key a fresh token was signed with:
 * - `next` is published (verifies) one full rotation period before it signs, so every verifier's cached copy
 *   of the set knows it long before any token carries its kid;
 * - `current` signs;
 * - `previous` keeps verifying tokens it signed until `verifiesUntil` (at least one token lifetime after the
 *   rotation), then stops, whether or not the set has been rewritten yet.
 */
import * as z from '#shared/schemas/zod';

export const PublicJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().check(z.minLength(43)),
  y: z.string().check(z.minLength(43)),
});

/** Locally the key file also holds the private part (`d`); in AWS the private key never leaves KMS. */
export const KeyEntrySchema = z.object({
  kid: z.string().check(z.minLength(1), z.maxLength(128)),
  publicKey: PublicJwkSchema,
  /** Local only: the private scalar, base64url. */
  privateKey: z.optional(z.string().check(z.minLength(43))),
  createdAt: z.iso.datetime(),
  /** Only on `previous`: tokens it signed verify until then, not after. */
  verifiesUntil: z.optional(z.iso.datetime()),
});

export const KeySetSchema = z.object({
  current: KeyEntrySchema,
  next: z.optional(KeyEntrySchema),
  previous: z.optional(KeyEntrySchema),
});

export type PublicJwk = z.infer<typeof PublicJwkSchema>;
export type KeyEntry = z.infer<typeof KeyEntrySchema>;
export type KeySet = z.infer<typeof KeySetSchema>;

/** Parses a key set from its JSON text (an environment variable, the table item, the local key file, the pre-upgrade SSM parameter). */
export function parseKeySet(text: string, source: string): KeySet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not JSON`);
  }
  const result = KeySetSchema.safeParse(json);
  if (!result.success) {
    throw new Error(
      `${source} is not a key set: ${result.error.issues.map((issue) => issue.message).join('; ')}`,
    );
  }
  return result.data;
}

/** The keys a token may be signed with at `now`: next, current, and previous while its overlap lasts. */
export function verificationKeys(set: KeySet, now: Date): KeyEntry[] {
  const keys = [set.current];
  if (set.next) keys.push(set.next);
  if (set.previous?.verifiesUntil && Date.parse(set.previous.verifiesUntil) > now.getTime()) {
    keys.push(set.previous);
  }
  return keys;
}

export interface Rotation {
  set: KeySet;
  /** The key that left the set (the old previous): in AWS its KMS key is scheduled for deletion. */
  retired: KeyEntry | undefined;
}

/**
 * One rotation step: next becomes current, a fresh key becomes next, current becomes previous and keeps
 * verifying for `overlapSeconds` (at least the access-token lifetime plus the key-set cache age).
 */
export function rotateKeySet(set: KeySet, fresh: KeyEntry, now: Date, overlapSeconds: number): Rotation {
  const { verifiesUntil: _unused, ...retiring } = set.current;
  const previous = {
    ...retiring,
    verifiesUntil: new Date(now.getTime() + overlapSeconds * 1000).toISOString(),
  };
  const rotated: KeySet = set.next
    ? { current: set.next, next: fresh, previous }
    : { current: fresh, previous };
  return { set: rotated, retired: set.previous };
}

/** The set without private parts: what verifiers may see. */
export function publicKeySet(set: KeySet): KeySet {
  const strip = ({ privateKey: _private, ...entry }: KeyEntry): KeyEntry => entry;
  return {
    current: strip(set.current),
    ...(set.next ? { next: strip(set.next) } : {}),
    ...(set.previous ? { previous: strip(set.previous) } : {}),
  };
}
