// docs/privacy.md backs each sentence of its district section with test names: every name it cites must be a
// test that exists, and every sentence there must cite one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const privacy = readFileSync(path.join(root, 'docs/privacy.md'), 'utf8');
const section = privacy.slice(privacy.indexOf("## For a district's data agreement"));

function testFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return testFiles(full);
		return /\.(test|spec)\.ts$/.test(name) ? [full] : [];
	});
}

/** Every test name in the suite: the first argument of it(...) or test(...). */
const testNames = new Set(
	testFiles(path.join(root, 'tests')).flatMap((file) =>
		[...readFileSync(file, 'utf8').matchAll(/\b(?:it|test)\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) =>
			(m[2] ?? '').replace(/\\(['"`])/g, '$1')
		)
	)
);

describe('docs/privacy.md', () => {
	it('has a district section whose citations are all tests that exist', () => {
		expect(section.length).toBeGreaterThan(100);
		const cited = [...section.matchAll(/\[test: ([^\]]+)\]/g)].map((m) => m[1] as string);
		expect(cited.length).toBeGreaterThan(10);
		expect(cited.filter((name) => !testNames.has(name))).toEqual([]);
	});

	it('backs every sentence of the district section with a test name', () => {
		const prose = section
			.split('\n')
			.filter(
				(line) =>
					line.trim() &&
					!line.startsWith('#') &&
					!line.startsWith('Each sentence') &&
					!line.startsWith('fails when')
			)
			.join(' ');
		// A sentence ends at ". " before a capital letter or at the end; its citations follow it.
		const sentences = prose.split(/(?<=\.(?:\s*\[test: [^\]]+\])*)\s+(?=[A-Z])/);
		const bare = sentences.filter((s) => !/\[test: [^\]]+\]\s*$/.test(s.trim()));
		expect(bare).toEqual([]);
	});
});
