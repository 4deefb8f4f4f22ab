/**
 * Local mail: aws-ses-v2-local, an SES (v1 and v2 API) look-alike that keeps every message in memory, serves
 * them at GET /store, and never delivers anything. The handlers' SESv2Client points at it via SES_ENDPOINT.
 */
import type { Server } from 'node:http';
import sesLocalModule from 'aws-ses-v2-local';

export interface CapturedMail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string | null;
  html: string | null;
  /** ISO 8601. */
  date: string;
}

export interface MailCapture {
  endpoint: string;
  /** Captured mails, newest first; `to` keeps those addressed to that recipient. */
  list(filter?: { to?: string }): Promise<CapturedMail[]>;
  stop(): Promise<void>;
}

/** The store entry as aws-ses-v2-local keeps it (its `at` is epoch seconds). */
interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

type StartSesLocal = (config: { host: string; port: number }) => Promise<Server>;

// The package is CommonJS with `exports.default`: depending on the loader, the default import is the function
// or the module object holding it.
const startSesLocal: StartSesLocal =
  typeof sesLocalModule === 'function'
    ? (sesLocalModule as StartSesLocal)
    : (sesLocalModule as unknown as { default: StartSesLocal }).default;

export async function startMailCapture(host = '127.0.0.1'): Promise<MailCapture> {
  const server = await startSesLocal({ host, port: 0 });
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('The mail capture did not start');
  const endpoint = `http://${host}:${address.port}`;

  return {
    endpoint,
    async list(filter = {}) {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`The mail capture answered ${response.status}`);
      const { emails } = (await response.json()) as { emails: StoredEmail[] };
      const wanted = filter.to?.toLowerCase();
      return emails
        .map(toCapturedMail)
        .filter((mail) => !wanted || mail.to.some((address) => address.toLowerCase().includes(wanted)))
        .reverse();
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function toCapturedMail(email: StoredEmail): CapturedMail {
  return {
    messageId: email.messageId,
    from: email.from,
    to: email.destination.to,
    cc: email.destination.cc,
    subject: email.subject,
    text: email.body.text ?? null,
    html: email.body.html ?? null,
    date: new Date(email.at * 1000).toISOString(),
  };
}
