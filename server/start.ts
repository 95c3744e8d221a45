// `npm start`: build when the build is missing or stale, then serve everything on one port.
import { readConfig } from '../src/lib/server/config.ts';
import { DataDirInUseError } from '../src/lib/server/db/data-dir-lock.ts';
import { errorText } from '../src/lib/server/db/errors.ts';
import { buildDir, ensureBuild } from './build.ts';
import { SHUTDOWN_DEADLINE_MS, startHttpServer } from './http-server.ts';

async function main() {
	if (process.env.SKIP_BUILD !== '1') ensureBuild();
	const config = readConfig();
	const running = await startHttpServer(config, buildDir);
	console.log(
		`Tandem is listening on ${running.url} (database: ${config.databaseUrl ? 'Postgres server' : config.dataDir})`
	);

	const shutdown = (signal: string) => {
		console.log(`${signal}: saving open documents and stopping…`);
		const deadline = setTimeout(() => {
			console.error('Shutdown took too long; exiting.');
			process.exit(1);
		}, SHUTDOWN_DEADLINE_MS);
		deadline.unref();
		running.close().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error('Shutdown failed:', errorText(error));
				process.exit(1);
			}
		);
	};
	process.once('SIGTERM', () => shutdown('SIGTERM'));
	process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
	if (error instanceof DataDirInUseError) {
		console.error(error.message);
		process.exit(2);
	}
	console.error('Tandem failed to start:', errorText(error));
	process.exit(1);
});
