// Starts the process-wide services (database, collaboration) and publishes them for SvelteKit's modules.
// Used by the production entry and by the dev plugin, so both run the same code.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readConfig, type TandemConfig } from '../src/lib/server/config.ts';
import { openDatabase } from '../src/lib/server/db/client.ts';
import { errorText } from '../src/lib/server/db/errors.ts';
import { setRuntime, type Runtime } from '../src/lib/server/runtime.ts';
import { LedgerQueue } from '../src/lib/server/ledger/ledger-queue.ts';
import { BackgroundWork } from '../src/lib/server/background.ts';
import { createMailer, MAIL_NOT_CONFIGURED } from '../src/lib/server/mail/mailer.ts';
import { seedDemoIfEmpty } from '../src/lib/server/seed/demo.ts';
import { startJobQueue } from '../src/lib/server/jobs/job-queue.ts';
import { mediaPaths } from '../src/lib/server/media/media-store.ts';
import { processVideoJob } from '../src/lib/server/media/process-video.ts';
import { collaborationLimits, createCollaboration, type Collaboration } from './collaboration/index.ts';
import { createUploadServer, type UploadServer } from './media/upload-server.ts';
import { startDailyTask } from '../src/lib/server/retention/daily-task.ts';
import { runRetention } from '../src/lib/server/retention/retention.ts';
import { createLogger } from './log.ts';

export interface StartedRuntime {
	runtime: Runtime;
	collaboration: Collaboration;
	uploads: UploadServer;
	stop(): Promise<void>;
}

export async function startRuntime(config: TandemConfig = readConfig()): Promise<StartedRuntime> {
	const log = createLogger();
	const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
	if (database.driver === 'postgres') surviveClosedConnectionWrites(log);
	const ledger = new LedgerQueue(database.db, log, collaborationLimits.ledgerBatch);
	const collaboration = createCollaboration({ db: database.db, config, log, ledger });
	const jobs = await startJobQueue(
		database.pglite
			? { kind: 'pglite', client: database.pglite }
			: { kind: 'postgres', url: config.databaseUrl ?? '' },
		log
	);
	const media = mediaPaths(config.media.dir);
	await jobs.define(processVideoJob({ db: database.db, paths: media }));
	const uploads = createUploadServer({
		db: database.db,
		media: config.media,
		paths: media,
		jobs,
		ledger,
		origin: config.origin,
		log
	});
	const eventLoopDelay = monitorEventLoopDelay({ resolution: 10 });
	eventLoopDelay.enable();
	const mailer = createMailer(config);
	// A warning, not an info line: an operator should see it whatever LOG_LEVEL says.
	if (!mailer.configured) console.warn(MAIL_NOT_CONFIGURED);
	const runtime: Runtime = {
		config,
		database,
		collaboration: collaboration.control,
		mailer,
		ledger,
		jobs,
		media,
		background: new BackgroundWork(log),
		eventLoopDelay,
		log
	};
	setRuntime(runtime);

	// The demo school appears only on an empty embedded database; a real server is seeded on request only.
	if (database.driver === 'pglite' && config.seedDemo) {
		const logins = await seedDemoIfEmpty(database.db);
		if (logins) printDemoLogins(logins);
	}

	// Deletes closed cycles past their workspace's retention, once a day across all processes.
	const retention = startDailyTask({
		name: 'retention',
		db: database.db,
		log,
		run: (now) => runRetention(database.db, collaboration.control, now)
	});

	return {
		runtime,
		collaboration,
		uploads,
		async stop() {
			await retention.stop();
			eventLoopDelay.disable();
			await jobs.stop();
			await collaboration.destroy();
			await runtime.background.drain();
			await ledger.drain();
			mailer.close();
			await database.close();
			setRuntime(undefined);
		}
	};
}

function printDemoLogins(logins: { role: string; name: string; email: string; password: string }[]) {
	const lines = logins.map(
		(l) => `  ${l.role.padEnd(8)} ${l.name.padEnd(20)} ${l.email.padEnd(32)} ${l.password}`
	);
	console.log(
		['', 'Demo school "Riverside Elementary" is ready. Log in with any of:', ...lines, ''].join('\n')
	);
}

const GUARD = Symbol.for('tandem.postgres-closed-write-guard');

/**
 * postgres.js 3.4.9 can throw from a setImmediate when a connection closes with a write still queued
 * (porsager/postgres#1154 and #1208; the fixes, #1168 and #1209, are unreleased). The fault battery hits it
 * whenever the database drops a connection mid-query (tests/integration/fault-database.test.ts): the
 * queries on that connection are already rejected, so the stray write is harmless, but thrown from a timer
 * it would end the process, and a database blip must not take every open document down with it. Only that
 * exact error is survived; anything else still ends the process as Node would.
 */
function surviveClosedConnectionWrites(log: (message: string, fields?: Record<string, unknown>) => void) {
	const holder = globalThis as { [GUARD]?: true };
	if (holder[GUARD]) return;
	holder[GUARD] = true;
	process.on('uncaughtException', (error, origin) => {
		if (isClosedConnectionWrite(error)) {
			log('postgres.js wrote to a closed connection; ignored (porsager/postgres#1154)');
			return;
		}
		console.error(
			`Uncaught ${origin === 'unhandledRejection' ? 'rejection' : 'exception'}:`,
			errorText(error)
		);
		process.exit(1);
	});
}

function isClosedConnectionWrite(error: unknown): boolean {
	if (!(error instanceof TypeError)) return false;
	const stack = error.stack ?? '';
	return (
		error.message === "Cannot read properties of null (reading 'write')" &&
		/\bnextWrite\b/.test(stack) &&
		/[\\/]postgres[\\/]src[\\/]connection\.js/.test(stack)
	);
}
