/**
 * Local SMS: a small SNS look-alike for `Publish` to a phone number, which is all Skylark sends. It speaks the
 * wire protocol @aws-sdk/client-sns uses (awsQuery: a form-encoded POST with Action=Publish, answered in XML),
 * keeps every message in memory, and delivers nothing. Any other action or target gets a real SNS error.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface CapturedSms {
  messageId: string;
  /** E.164. */
  to: string;
  message: string;
  /** Message attributes by name (e.g. AWS.SNS.SMS.SMSType → Transactional). */
  attributes: Record<string, string>;
  /** ISO 8601. */
  at: string;
}

export interface SmsCapture {
  endpoint: string;
  /** Captured messages, newest first; `to` keeps those sent to that number. */
  list(filter?: { to?: string }): CapturedSms[];
  stop(): Promise<void>;
}

const XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_REQUEST_BYTES = 256 * 1024;

class SnsError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startSmsCapture(host = '127.0.0.1'): Promise<SmsCapture> {
  const messages: CapturedSms[] = [];
  const server = createServer((request, response) => {
    handle(request, messages).then(
      (xml) => send(response, 200, xml),
      (error: unknown) => {
        const failure =
          error instanceof SnsError ? error : new SnsError(500, 'InternalError', 'Internal error');
        send(response, failure.statusCode, errorXml(failure));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('The SMS capture did not start');

  return {
    endpoint: `http://${host}:${address.port}`,
    list: (filter = {}) => messages.filter((sms) => !filter.to || sms.to === filter.to).reverse(),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(request: IncomingMessage, messages: CapturedSms[]): Promise<string> {
  if (request.method !== 'POST') throw new SnsError(405, 'InvalidAction', 'SNS actions are sent with POST');
  if (request.headers['x-amz-target']) {
    throw new SnsError(400, 'InvalidAction', 'The local SMS capture speaks the awsQuery protocol only');
  }
  const form = new URLSearchParams((await readBody(request)).toString('utf8'));
  const action = form.get('Action');
  if (action !== 'Publish') {
    throw new SnsError(
      400,
      'InvalidAction',
      `The action ${action ?? '(none)'} is not valid for this web service.`,
    );
  }
  const sms = publish(form);
  messages.push(sms);
  return (
    `<PublishResponse xmlns="${XML_NAMESPACE}"><PublishResult><MessageId>${sms.messageId}</MessageId>` +
    `</PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`
  );
}

function publish(form: URLSearchParams): CapturedSms {
  const to = form.get('PhoneNumber');
  if (to === null) {
    throw new SnsError(
      400,
      'InvalidParameter',
      'Invalid parameter: the local SMS capture accepts Publish to a PhoneNumber only (no TopicArn/TargetArn)',
    );
  }
  if (!E164.test(to)) {
    throw new SnsError(
      400,
      'InvalidParameter',
      `Invalid parameter: PhoneNumber Reason: ${to} is not valid to publish to`,
    );
  }
  const message = form.get('Message');
  if (message === null || message === '')
    throw new SnsError(400, 'InvalidParameter', 'Invalid parameter: Empty message');
  return {
    messageId: randomUUID(),
    to,
    message,
    attributes: messageAttributes(form),
    at: new Date().toISOString(),
  };
}

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue`, as awsQuery flattens the map. */
function messageAttributes(form: URLSearchParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let index = 1; form.has(`MessageAttributes.entry.${index}.Name`); index++) {
    const prefix = `MessageAttributes.entry.${index}`;
    const name = form.get(`${prefix}.Name`) ?? '';
    attributes[name] =
      form.get(`${prefix}.Value.StringValue`) ?? form.get(`${prefix}.Value.BinaryValue`) ?? '';
  }
  return attributes;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new SnsError(413, 'RequestEntityTooLarge', 'Request too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function errorXml(error: SnsError): string {
  const type = error.statusCode >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${type}</Type><Code>${error.code}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function send(response: ServerResponse, statusCode: number, xml: string): void {
  response.writeHead(statusCode, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  response.end(xml);
}
