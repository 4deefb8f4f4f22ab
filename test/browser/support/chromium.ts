/**
 * Debian's Chromium driven by playwright-core (no browser download): headless, sandbox off (root in CI). Each
 * launch starts on a fresh user-data directory (playwright-core creates a temporary one and deletes it at close),
 * and each person in a test gets a context of their own (cookies and storage apart). Without Chromium the tests
 * fail with the command that installs it.
 */
import { access } from 'node:fs/promises';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function findChromium(): Promise<string> {
  for (const candidate of CANDIDATES) {
    if (!candidate) continue;
    try {
      await access(candidate);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    'No Chromium found at /usr/bin/chromium: the browser tests need it. Install it with `apt-get install chromium` (or set CHROMIUM_PATH).',
  );
}

/** One browser per test file. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await findChromium(), headless: true, args: CHROMIUM_FLAGS });
}

/** A person's own browsing context: a desktop window, British English, UTC. */
export function newPersonContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-GB', timezoneId: 'UTC' });
}
