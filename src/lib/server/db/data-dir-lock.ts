// A pid file that keeps a second process off an embedded database directory.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
	release(): void;
}

export class DataDirInUseError extends Error {
	constructor(dataDir: string, pid: number) {
		super(
			`The embedded database in ${dataDir} is already in use by process ${pid}. ` +
				'PGlite serves one process only: stop that process, choose another DATA_DIR, or set DATABASE_URL.'
		);
		this.name = 'DataDirInUseError';
	}
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
	const lockPath = path.join(dataDir, 'tandem.pid');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(lockPath, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			return { release: () => rmSync(lockPath, { force: true }) };
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = Number(readFileSync(lockPath, 'utf8'));
			if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
				throw new DataDirInUseError(dataDir, holder);
			}
			// The holder died without cleaning up (kill -9): the lock is stale.
			rmSync(lockPath, { force: true });
		}
	}
	throw new Error(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
