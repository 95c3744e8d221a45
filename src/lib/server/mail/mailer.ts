// Tandem's outgoing mail: password reset links, through the SMTP server SMTP_URL names. Without SMTP_URL
// nothing is sent and the start-up log says so; the message itself (it holds a secret) is never logged.
import { createTransport } from 'nodemailer';

export interface Mail {
	to: string;
	subject: string;
	text: string;
}

export interface Mailer {
	/** False when SMTP_URL is not set: callers offer another way (an admin-issued link). */
	readonly configured: boolean;
	send(mail: Mail): Promise<void>;
	close(): void;
}

export const MAIL_NOT_CONFIGURED =
	'Mail is not configured (SMTP_URL is not set): password reset links cannot be emailed. Workspace admins can issue them from the members page.';

// A mail server that does not answer must not hold a request's background work for minutes.
const TIMEOUTS_MS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

export function createMailer(config: { smtpUrl: string | undefined; mailFrom: string }): Mailer {
	if (!config.smtpUrl) return notConfigured;
	const transport = createTransport({ url: config.smtpUrl, ...TIMEOUTS_MS });
	return {
		configured: true,
		async send(mail) {
			await transport.sendMail({ from: config.mailFrom, ...mail });
		},
		close() {
			transport.close();
		}
	};
}

const notConfigured: Mailer = {
	configured: false,
	send() {
		return Promise.reject(new Error('Mail is not configured'));
	},
	close() {}
};
