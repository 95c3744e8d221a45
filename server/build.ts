// Builds the SvelteKit app when build/ is missing or older than its sources (npm start, test setup).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const buildDir = path.join(projectRoot, 'build');

const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];
const lockDir = path.join(projectRoot, '.tmp', 'build.lock');

function newestMtime(target: string): number {
	if (!existsSync(target)) return 0;
	const stat = statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
	return newest;
}

export function isBuildStale(): boolean {
	const built = path.join(buildDir, 'handler.js');
	if (!existsSync(built)) return true;
	const newestSource = Math.max(...SOURCES.map((p) => newestMtime(path.join(projectRoot, p))));
	return newestSource > statSync(built).mtimeMs;
}

/** Runs `vite build` when needed; throws when the build fails. */
export function ensureBuild(log: (message: string) => void = console.log): void {
	if (!isBuildStale()) return;
	// Two builds at once (npm start beside a test run) overwrite each other's output: take turns.
	withBuildLock(() => {
		if (!isBuildStale()) return; // built by someone else while we waited
		log('Building Tandem (the build is missing or older than the sources)…');
		const vite = path.join(projectRoot, 'node_modules/vite/bin/vite.js');
		const result = spawnSync(process.execPath, [vite, 'build'], { cwd: projectRoot, stdio: 'inherit' });
		if (result.status !== 0) throw new Error('The build failed; see the output above.');
	});
}

function withBuildLock(build: () => void): void {
	mkdirSync(path.dirname(lockDir), { recursive: true });
	const deadline = Date.now() + 10 * 60 * 1000;
	for (;;) {
		try {
			mkdirSync(lockDir);
			writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			if (!lockHolderAlive() || Date.now() > deadline) {
				rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
		}
	}
	try {
		build();
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}

function lockHolderAlive(): boolean {
	let pid: number;
	try {
		pid = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
	} catch {
		// The holder may not have written its pid yet: a fresh lock counts as held.
		return existsSync(lockDir) && Date.now() - statSync(lockDir).mtimeMs < 5000;
	}
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
