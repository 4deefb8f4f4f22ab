/**
 * Form bodies as Rails reads them (the Mastodon client API's convention): `application/x-www-form-urlencoded`
 * and `multipart/form-data` text parts, with bracketed names building arrays and objects
 * (`id[]=1&id[]=2` → `{id:['1','2']}`, `fields_attributes[0][name]=x` → `{fields_attributes:{0:{name:'x'}}}`).
 * File parts are skipped: no route on this surface takes an upload yet.
 */
import { ValidationError } from '#shared/errors';

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/** Builds the nested object from name/value pairs, in order. Keys that would reach prototypes are dropped. */
export function nestPairs(pairs: Iterable<readonly [string, string]>): FormObject {
  const root: FormObject = Object.create(null) as FormObject;
  for (const [name, value] of pairs) {
    const path = splitName(name);
    if (!path || path.some((key) => UNSAFE_KEYS.has(key))) continue;
    assign(root, path, value);
  }
  return root;
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `a[b][]` → ['a', 'b', '']; undefined for a malformed name. */
function splitName(name: string): string[] | undefined {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
  if (!match?.[1]) return undefined;
  const rest = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1] ?? '');
  return [match[1], ...rest];
}

function assign(container: FormObject | FormValue[], path: string[], value: string): void {
  const [key, ...rest] = path;
  if (key === undefined) return;
  if (Array.isArray(container)) {
    if (rest.length === 0) container.push(value);
    else {
      const child = nextContainer(rest);
      container.push(child);
      assign(child, rest, value);
    }
    return;
  }
  if (rest.length === 0) {
    container[key] = value;
    return;
  }
  let child = container[key];
  if (typeof child !== 'object') {
    child = nextContainer(rest);
    container[key] = child;
  }
  assign(child, rest, value);
}

function nextContainer(rest: string[]): FormObject | FormValue[] {
  return rest[0] === '' ? [] : (Object.create(null) as FormObject);
}

/** `a=1&b[]=2`, `+` as space (HTML form encoding). */
export function parseUrlEncoded(text: string): FormObject {
  return nestPairs(new URLSearchParams(text));
}

/** The text parts of a multipart/form-data body (RFC 7578). */
export function parseMultipart(raw: Buffer, contentType: string): FormObject {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) throw new ValidationError('malformed_body', 'The multipart body has no boundary');
  const delimiter = `--${marker}`;
  const text = raw.toString('latin1');
  const pairs: [string, string][] = [];
  for (const part of text.split(delimiter).slice(1)) {
    if (part.startsWith('--')) break;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = part.slice(0, headerEnd);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined || /\bfilename=/i.test(disposition)) continue;
    const body = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    pairs.push([Buffer.from(name, 'latin1').toString('utf8'), Buffer.from(body, 'latin1').toString('utf8')]);
  }
  return nestPairs(pairs);
}
