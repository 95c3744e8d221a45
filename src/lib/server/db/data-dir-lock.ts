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
			// The holder died without cleaning up (kill -9, or killed and not yet reaped): the lock is stale.
			rmSync(lockPath, { force: true });
		}
	}
	throw new Error(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
	return !isZombie(pid);
}

/**
 * A killed process stays in the process table, and answers signal 0, until its parent reaps it. In a
 * container whose first process does not reap, a Tandem killed with -9 stays a zombie for as long as
 * the container runs: it holds nothing, so its lock is stale. The state is the field after the command
 * name in /proc/<pid>/stat (the name is in parentheses and may itself hold spaces or parentheses).
 */
function isZombie(pid: number): boolean {
	let stat: string;
	try {
		stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return false; // no /proc (not Linux), or the process is gone: signal 0 decides
	}
	const state = stat.slice(stat.lastIndexOf(')') + 1).trim()[0];
	return state === 'Z' || state === 'X';
}
