import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export interface SmtpDelivery {
  raw: Buffer;
  from: string;
  to: string[];
  remoteAddress: string;
}

export interface SmtpListenerOptions {
  host: string;
  /** 0 lets the OS choose (tests). */
  port: number;
  /** Announced with SIZE and enforced: larger messages get 552. */
  maxBytes: number;
  /** PEM files; with both, STARTTLS is offered. */
  tlsCertFile?: string | null | undefined;
  tlsKeyFile?: string | null | undefined;
  /** Name in the greeting. */
  hostname?: string | undefined;
  /** Whether a recipient is served here; false answers 550 5.1.1 at RCPT time. */
  acceptsRecipient(address: string): Promise<boolean>;
  /**
   * Stores the message durably. Resolving means "committed" and the client gets
   * 250; throwing gives a 451 temporary failure so the client retries.
   */
  deliver(delivery: SmtpDelivery): Promise<{ reference: string }>;
  onError?(err: Error): void;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

class SmtpReply extends Error {
  responseCode: number;
  constructor(code: number, message: string) {
    super(message);
    this.responseCode = code;
  }
}

/**
 * An inbound SMTP server (smtp-server) that answers 250 only after `deliver`
 * has committed the message. No authentication: it receives mail for its own
 * addresses, like any MX.
 */
export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const tls =
    options.tlsCertFile && options.tlsKeyFile
      ? { cert: readFileSync(options.tlsCertFile), key: readFileSync(options.tlsKeyFile) }
      : null;
  const config: SMTPServerOptions = {
    name: options.hostname,
    banner: "Vigil mail intake",
    size: options.maxBytes,
    authOptional: true,
    disabledCommands: tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(tls ?? {}),
    logger: false,
    maxClients: 200,
    socketTimeout: 120_000,
    onRcptTo(address, _session, callback) {
      options
        .acceptsRecipient(address.address.trim().toLowerCase())
        .then((ok) =>
          ok ? callback() : callback(new SmtpReply(550, "5.1.1 No such mailbox here")),
        )
        .catch(() =>
          callback(new SmtpReply(451, "4.3.0 Temporary lookup failure, try again later")),
        );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (err) => callback(err));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(new SmtpReply(552, `5.3.4 Message exceeds the ${options.maxBytes}-byte limit`));
          return;
        }
        const mailFrom = session.envelope.mailFrom;
        options
          .deliver({
            raw: Buffer.concat(chunks),
            from: mailFrom ? mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            remoteAddress: session.remoteAddress,
          })
          .then(({ reference }) => callback(null, `2.0.0 Ok: stored as ${reference}`))
          .catch((err: Error) => {
            options.onError?.(err);
            callback(new SmtpReply(451, "4.3.0 Could not store the message, try again later"));
          });
      });
    },
  };
  const server = new SMTPServer(config);
  server.on("error", (err) => options.onError?.(err));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
