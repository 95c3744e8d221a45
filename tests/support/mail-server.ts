// A real SMTP server on localhost for tests: it accepts every message and keeps it, so a test can read
// the mail Tandem sent (the smtp-server package, as a mail relay would receive it).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	from: string;
	to: string[];
	/** The raw message as it arrived (headers and body). */
	raw: string;
	/** The body with quoted-printable undone, to read links from. */
	text: string;
}

export interface MailServer {
	url: string;
	received: ReceivedMail[];
	/** Resolves with the first message to `to` (waiting for it if needed). */
	nextMailTo(to: string, timeoutMs?: number): Promise<ReceivedMail>;
	close(): Promise<void>;
}

/** Where the end-to-end server sends its mail: beside its own port, so checkouts side by side differ. */
export const e2eMailPort = (port = Number(process.env.E2E_PORT ?? 3137)) => port + 1000;

export async function startMailServer(listenPort = 0): Promise<MailServer> {
	const received: ReceivedMail[] = [];
	const waiters: (() => void)[] = [];
	const server = new SMTPServer({
		// Plain SMTP on loopback, no log-in: what a local relay looks like.
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				received.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw,
					text: decodeQuotedPrintable(raw.slice(raw.indexOf('\r\n\r\n') + 4))
				});
				for (const wake of waiters.splice(0)) wake();
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', () => resolve()));
	const { port } = server.server.address() as AddressInfo;
	return {
		url: `smtp://127.0.0.1:${port}`,
		received,
		async nextMailTo(to, timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const mail = received.find((m) => m.to.includes(to));
				if (mail) return mail;
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, left);
					waiters.push(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

function decodeQuotedPrintable(body: string): string {
	return body
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The reset link in a message Tandem sent. */
export function resetLinkIn(mail: ReceivedMail): string {
	const match = /https?:\/\/\S+\/reset-password\/[a-z2-7]{32}/.exec(mail.text);
	if (!match) throw new Error(`no reset link in the message:\n${mail.text}`);
	return match[0];
}
