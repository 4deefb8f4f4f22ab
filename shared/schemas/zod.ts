/**
 * The zod every runtime module uses: `zod/mini` with only the English error messages. Import `z` from here
 * (`import * as z from '#shared/schemas/zod'`), never from 'zod': the classic `z` is one object holding every
 * method, every locale and the JSON Schema converter, so esbuild cannot drop any of it (~440 KB in each
 * bundle); `zod/mini` is plain functions, and a bundle keeps only the ones its schemas call (~15 KB).
 * A biome rule (biome.json, noRestrictedImports) rejects `from 'zod'` outside test/ and infra/ (CDK code, never bundled).
 *
 * Writing a schema the mini way — same core, same issues and messages as classic; only the spelling differs:
 *
 *   classic                                 mini
 *   z.string().min(1).max(30)               z.string().check(z.minLength(1), z.maxLength(30))
 *   z.string().regex(re, 'message')         z.string().check(z.regex(re, 'message'))
 *   z.string().trim()                       z.string().check(z.trim())
 *   z.number().int().min(0).max(9)          z.number().check(z.int(), z.minimum(0), z.maximum(9))
 *   z.array(x).max(10)                      z.array(x).check(z.maxLength(10))
 *   x.optional() / .nullable()              z.optional(x) / z.nullable(x)
 *   x.default(v)                            z._default(x, v)
 *   x.transform(fn)                         z.pipe(x, z.transform(fn))
 *   x.refine(fn, params)                    x.check(z.refine(fn, params))
 *   x.check((ctx) => …) (custom issues)     the same: x.check((ctx) => …)
 *   A.pipe(B)                               z.pipe(A, B)
 *   Obj.extend({ … })                       z.extend(Obj, { … })
 *   x.parse(v) / x.safeParse(v)             the same (or z.parse(x, v) / z.safeParse(x, v))
 *   z.infer<typeof X>                       the same
 *
 * One schema per input stays the single source: its type is `z.infer`, and tools/openapi.ts converts it with
 * `z.toJSONSchema` (which lives only in that build-time tool, not in any bundle). The bundle budget test
 * (test/unit/bundle-budget.test.ts) fails if classic zod creeps back into a function.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini ships no messages of its own ("Invalid input"); the English ones are what clients have always seen.
config(en());

// Re-exported, not wrapped: consumers take it as a namespace (`import * as z`), which esbuild can prune; an
// object holding the namespace (`export { z }`) would keep all of zod/mini (~420 KB) in every bundle.
export * from 'zod/mini';
