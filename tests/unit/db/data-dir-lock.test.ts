// The embedded database's pid-file lock: a live holder keeps a second process off the directory; a
// holder that is gone, or a zombie (killed, not yet reaped by its parent), leaves a stale lock.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirInUseError } from '../../../src/lib/server/db/data-dir-lock.ts';

let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
	dataDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-lock-'));
});
afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
	rmSync(dataDir, { recursive: true, force: true });
});

const lockFile = () => path.join(dataDir, 'tandem.pid');

function state(pid: number): string | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 1).trim()[0];
	} catch {
		return undefined;
	}
}

/**
 * A real zombie: sh starts a short-lived child in the background, prints its pid, then becomes `sleep`
 * (exec), which never waits for children, so the child, once it exits, stays unreaped until the test
 * kills its parent.
 */
async function zombie(): Promise<{ pid: number; parent: ChildProcess }> {
	const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 60'], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	children.push(parent);
	const pid = await new Promise<number>((resolve, reject) => {
		parent.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
		parent.once('error', reject);
	});
	for (let i = 0; i < 100 && state(pid) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 50));
	return { pid, parent };
}

describe('data directory lock', () => {
	it('writes this process id and removes the file on release', () => {
		const lock = acquireDataDirLock(dataDir);
		expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
		lock.release();
		expect(() => readFileSync(lockFile())).toThrow();
	});

	it('refuses a directory whose holder is alive, naming the holder', async () => {
		const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
		children.push(holder);
		await new Promise((resolve) => holder.once('spawn', resolve));
		writeFileSync(lockFile(), String(holder.pid));
		expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirInUseError);
		expect(() => acquireDataDirLock(dataDir)).toThrow(`in use by process ${holder.pid}`);
		expect(readFileSync(lockFile(), 'utf8')).toBe(String(holder.pid));
	});

	it('takes over the lock of a holder that is gone', async () => {
		const holder = spawn('true', { stdio: 'ignore' });
		await new Promise((resolve) => holder.once('exit', resolve)); // exited and reaped by this process
		writeFileSync(lockFile(), String(holder.pid));
		const lock = acquireDataDirLock(dataDir);
		expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
		lock.release();
	});

	it('takes over the lock of a zombie holder: killed but not yet reaped is not "in use"', async () => {
		const { pid } = await zombie();
		expect(state(pid)).toBe('Z');
		// The zombie still answers signal 0, which is why the pid alone cannot tell.
		expect(() => process.kill(pid, 0)).not.toThrow();
		writeFileSync(lockFile(), String(pid));
		const lock = acquireDataDirLock(dataDir);
		expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
		lock.release();
	});
});
