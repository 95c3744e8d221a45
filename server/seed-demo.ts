// `npm run seed:demo`: seeds the demo school into the configured database (also a Postgres server).
import { readConfig } from '../src/lib/server/config.ts';
import { openDatabase } from '../src/lib/server/db/client.ts';
import { seedDemoIfEmpty } from '../src/lib/server/seed/demo.ts';

const config = readConfig();
const database = await openDatabase({
	databaseUrl: config.databaseUrl,
	dataDir: config.dataDir,
	log: console.warn
});
try {
	const logins = await seedDemoIfEmpty(database.db);
	if (!logins) console.log('The database already has users; nothing was seeded.');
	else for (const l of logins) console.log(`${l.role.padEnd(8)} ${l.email.padEnd(32)} ${l.password}`);
} finally {
	await database.close();
}
