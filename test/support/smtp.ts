import { type AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as a receiver sees it, parsed, with who it was addressed to on the envelope. */
export interface Received {
  mail: ParsedMail;
  envelopeTo: string[];
  /** the delivery id the sender put in `X-Complaint-Message-Id` */
  id: string;
}

export interface TestSmtp {
  readonly port: number;
  readonly url: string;
  readonly received: Received[];
  /** stops listening: senders get "connection refused" until `start()` */
  stop(): Promise<void>;
  /** listens again on the same port */
  start(): Promise<void>;
  /** resolves once `count` mails in all have arrived */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps every mail it accepts,
 * parsed with `mailparser`. Plain SMTP, no authentication: what a local relay offers.
 */
export async function startSmtp(): Promise<TestSmtp> {
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let server: SMTPServer | undefined;
  let port = 0;

  const listen = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            const id = String(mail.headers.get('x-complaint-message-id') ?? '');
            received.push({ mail, envelopeTo: session.envelope.rcptTo.map((r) => r.address), id });
            for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server!.server.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.server.address() as AddressInfo).port;
  };
  await listen();

  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        const closing = server;
        server = undefined;
        if (!closing) return resolve();
        closing.close(() => resolve());
      }),
    start: listen,
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise<Received[]>((resolve, reject) => {
        if (received.length >= count) return resolve(received);
        const timer = setTimeout(() => reject(new Error(`${received.length} of ${count} mails arrived within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      }),
  };
}
