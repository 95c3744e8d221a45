// End-to-end tests: the real built server (`npm start`) on a fresh PGlite directory, driven by the
// system Chromium. One worker: the tests share one server and run in order.
import { rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { resolveChromium } from './tests/support/chromium.ts';
import { e2eMailPort } from './tests/support/mail-server.ts';
import { e2eOidcPort } from './tests/support/oidc-provider.ts';

// E2E_PORT lets two checkouts run their e2e suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 3137);
const baseURL = `http://127.0.0.1:${PORT}`;
// The SMTP server that tests/e2e/password-reset.spec.ts starts: the server mails reset links there.
const MAIL_PORT = e2eMailPort(PORT);

// Playwright loads this file in the runner and again in each worker; workers inherit the runner's
// environment, so the data directory is created once and reused.
let dataDir = process.env.TANDEM_E2E_DATA_DIR;
if (!dataDir) {
	const created = mkdtempSync(path.join(os.tmpdir(), 'tandem-e2e-'));
	dataDir = created;
	process.env.TANDEM_E2E_DATA_DIR = created;
	process.once('exit', () => rmSync(created, { recursive: true, force: true }));
}

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	reporter: [['list'], ['json', { outputFile: '.tmp/reports/e2e.json' }]],
	use: {
		baseURL,
		browserName: 'chromium',
		launchOptions: {
			executablePath: resolveChromium(),
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		},
		trace: 'retain-on-failure'
	},
	webServer: {
		command: 'node --import tsx server/start.ts',
		// Merged over the runner's environment: pin the database to the fresh PGlite directory even
		// when the shell points at a Postgres server or Redis (the empty values are "not set" to the server).
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			DATABASE_URL: '',
			REDIS_URL: '',
			SEED_DEMO: 'false',
			SMTP_URL: `smtp://127.0.0.1:${MAIL_PORT}`,
			// tests/e2e/single-sign-on.spec.ts starts a provider dressed as Google on this port, and a district's.
			GOOGLE_CLIENT_ID: 'tandem-google',
			GOOGLE_CLIENT_SECRET: 'secret-of-tandem-google',
			TANDEM_TEST_GOOGLE_ISSUER: `http://127.0.0.1:${e2eOidcPort('google', PORT)}`,
			TANDEM_TEST_ALLOW_HTTP_ISSUERS: 'true',
			TANDEM_SECRET_KEY: Buffer.alloc(32, 'e2e').toString('base64')
		},
		url: `${baseURL}/healthz`,
		reuseExistingServer: false,
		// The first start may build the app.
		timeout: 180_000,
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
