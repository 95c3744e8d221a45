// Every copy of `ws` the lockfile resolves is at least 8.21.0 (GHSA-96hv-2xvq-fx4p: fragment floods).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
	packages: Record<string, { version?: string }>;
};

function atLeast(version: string, minimum: [number, number, number]): boolean {
	const parts = version.split('.').map(Number);
	for (let i = 0; i < 3; i++) {
		if ((parts[i] ?? 0) !== minimum[i]) return (parts[i] ?? 0) > (minimum[i] as number);
	}
	return true;
}

describe('package-lock.json', () => {
	it('resolves ws at 8.21.0 or later everywhere', () => {
		const copies = Object.entries(lock.packages).filter(([path]) => /(^|\/)node_modules\/ws$/.test(path));
		expect(copies.length).toBeGreaterThan(0);
		for (const [path, entry] of copies)
			expect(atLeast(entry.version ?? '0.0.0', [8, 21, 0]), path).toBe(true);
	});
});
