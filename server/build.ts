// Builds the SvelteKit app when build/ is missing or older than its sources (npm start, test setup).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const buildDir = path.join(projectRoot, 'build');

const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

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
	log('Building Tandem (the build is missing or older than the sources)…');
	const result = spawnSync(
		process.execPath,
		[path.join(projectRoot, 'node_modules/vite/bin/vite.js'), 'build'],
		{
			cwd: projectRoot,
			stdio: 'inherit'
		}
	);
	if (result.status !== 0) throw new Error('The build failed; see the output above.');
}
