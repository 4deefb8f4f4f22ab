/**
 * Reads the first screen needs, started as soon as the session is known (right after the cookie refresh), in
 * parallel with GET /v1/me instead of after it: the screen then takes the answer already on its way. A read
 * nobody takes is dropped quietly; one taken twice is fetched again (only the first screen uses this).
 */
const started = new Map<string, Promise<unknown>>();

export function startEarly<T>(key: string, read: () => Promise<T>): void {
  const answer = read();
  // Failures surface when the screen takes the read; one never taken must not be an unhandled rejection.
  answer.catch(() => undefined);
  started.set(key, answer);
}

/** The early read under `key` if one was started (once), else a fresh `read()`. */
export function takeEarly<T>(key: string, read: () => Promise<T>): Promise<T> {
  const answer = started.get(key) as Promise<T> | undefined;
  started.delete(key);
  return answer ?? read();
}
