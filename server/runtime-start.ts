// Starts the process-wide services (database, collaboration) and publishes them for SvelteKit's modules.
// Used by the production entry and by the dev plugin, so both run the same code.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readConfig, type TandemConfig } from '../src/lib/server/config.ts';
import { openDatabase } from '../src/lib/server/db/client.ts';
import { setRuntime, type Runtime } from '../src/lib/server/runtime.ts';
import { seedDemoIfEmpty } from '../src/lib/server/seed/demo.ts';
import { createCollaboration, type Collaboration } from './collaboration/index.ts';
import { createLogger } from './log.ts';

export interface StartedRuntime {
	runtime: Runtime;
	collaboration: Collaboration;
	stop(): Promise<void>;
}

export async function startRuntime(config: TandemConfig = readConfig()): Promise<StartedRuntime> {
	const log = createLogger();
	const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
	const collaboration = createCollaboration({ db: database.db, config, log });
	const eventLoopDelay = monitorEventLoopDelay({ resolution: 10 });
	eventLoopDelay.enable();
	const runtime: Runtime = { config, database, collaboration: collaboration.control, eventLoopDelay, log };
	setRuntime(runtime);

	// The demo school appears only on an empty embedded database; a real server is seeded on request only.
	if (database.driver === 'pglite' && config.seedDemo) {
		const logins = await seedDemoIfEmpty(database.db);
		if (logins) printDemoLogins(logins);
	}

	return {
		runtime,
		collaboration,
		async stop() {
			eventLoopDelay.disable();
			await collaboration.destroy();
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
