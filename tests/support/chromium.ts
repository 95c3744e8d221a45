// Which Chromium the end-to-end tests drive. Playwright's own browser downloads are not used: the
// system Chromium (apt-get install -y chromium) is. A missing browser fails the run: a skipped
// end-to-end suite would look like a passing one.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const INSTALL_HINT = 'install it with apt-get install -y chromium (or set CHROMIUM_PATH)';

function isExecutable(file: string): boolean {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

function onPath(command: string): string | null {
	try {
		const found = execFileSync('sh', ['-c', `command -v ${command}`], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore']
		}).trim();
		return found && isExecutable(found) ? found : null;
	} catch {
		return null;
	}
}

/** The Chromium executable: CHROMIUM_PATH, /usr/bin/chromium, or chromium / chromium-browser on PATH. */
export function resolveChromium(): string {
	const configured = process.env.CHROMIUM_PATH;
	if (configured) {
		if (isExecutable(configured)) return configured;
		throw new Error(
			`CHROMIUM_PATH is set to "${configured}", which is not an executable file; ${INSTALL_HINT}.`
		);
	}
	const found =
		(isExecutable('/usr/bin/chromium') ? '/usr/bin/chromium' : null) ??
		onPath('chromium') ??
		onPath('chromium-browser');
	if (found) return found;

	const message =
		process.env.CI === 'true'
			? `Chromium is required for e2e tests under CI=true; ${INSTALL_HINT}.`
			: `Chromium is required for e2e tests and was not found; ${INSTALL_HINT}.`;
	const bar = '!'.repeat(78);
	console.error(['', bar, '!!! E2E TESTS DID NOT RUN: no Chromium.', `!!! ${message}`, bar, ''].join('\n'));
	throw new Error(message);
}
