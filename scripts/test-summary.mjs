// The last step of `npm test` (`node scripts/test-summary.mjs`): how many tests ran in each layer,
// from the JSON reports the layers wrote to .tmp/reports/. Fails when a layer's report is missing, or
// any test failed or was skipped: a skipped test is a promise the suite did not keep. One exception
// outside CI: a test that could not run because this machine has no Postgres or Redis (its title ends
// in "[not run: …]", tests/faults/support/services.ts) is named, loudly, with how to enable it, and the
// run still passes, so `npm test` passes on a fresh clone. Under CI=true those fail the run too.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Kept equal to NOT_RUN_MARK in tests/faults/support/services.ts. */
const NOT_RUN_MARK = '[not run: ';
const HOW_TO_ENABLE =
	'Start Postgres on 127.0.0.1:5432 (user postgres, trust) and Redis on 127.0.0.1:6379 and `npm test`\n' +
	'finds them by itself, or name others with TEST_DATABASE_URL=postgres://… and REDIS_URL=redis://….';
const inCi = process.env.CI === 'true';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reportsDir = path.join(root, '.tmp', 'reports');

/** Vitest's JSON reporter (Jest-compatible counts). */
function readVitest(report) {
	const number = (key) => {
		const value = report[key];
		if (typeof value !== 'number') throw new Error(`"${key}" is missing; is this a Vitest JSON report?`);
		return value;
	};
	const total = number('numTotalTests');
	const passed = number('numPassedTests');
	const failed = number('numFailedTests');
	const skipped =
		number('numPendingTests') + (typeof report.numTodoTests === 'number' ? report.numTodoTests : 0);
	// A file that fails to load, or an unhandled error, fails the run without failing a test.
	const notRun = [];
	for (const file of Array.isArray(report.testResults) ? report.testResults : []) {
		for (const test of file.assertionResults ?? []) {
			if (test.status !== 'passed' && test.status !== 'failed' && test.title?.includes(NOT_RUN_MARK))
				notRun.push({ file: path.relative(root, file.name ?? ''), name: test.title });
		}
	}
	const failedSuites = typeof report.numFailedTestSuites === 'number' ? report.numFailedTestSuites : 0;
	const errors =
		failed === 0 && (failedSuites > 0 || report.success === false) ? Math.max(1, failedSuites) : 0;
	return { total, passed, failed, skipped: skipped - notRun.length, notRun, errors };
}

/** Playwright's JSON reporter. */
function readPlaywright(report) {
	const stats = report.stats;
	if (!stats || typeof stats.expected !== 'number')
		throw new Error('"stats" is missing; is this a Playwright JSON report?');
	const passed = stats.expected + (stats.flaky ?? 0);
	const failed = stats.unexpected ?? 0;
	const skipped = stats.skipped ?? 0;
	// Errors outside any test (config, global setup, web server) are listed here.
	const errors = Array.isArray(report.errors) ? report.errors.length : 0;
	return { total: passed + failed + skipped, passed, failed, skipped, errors, flaky: stats.flaky ?? 0 };
}

// `--clean` (the first step of `npm test`): remove the previous run's reports, so a layer that did
// not run this time cannot be counted from an old report.
if (process.argv.includes('--clean')) {
	rmSync(reportsDir, { recursive: true, force: true });
	process.exit(0);
}

const layers = [
	{ name: 'unit', file: 'unit.json', read: readVitest },
	{ name: 'integration', file: 'integration.json', read: readVitest },
	{ name: 'e2e', file: 'e2e.json', read: readPlaywright }
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
const notRun = [];

console.log('\nTest summary');
for (const layer of layers) {
	const file = path.join(reportsDir, layer.file);
	const label = layer.name.padEnd(12);
	if (!existsSync(file)) {
		console.log(`  ${label} NO REPORT (${path.relative(root, file)} is missing)`);
		problems.push(`${layer.name}: no report at ${path.relative(root, file)}; did the layer run?`);
		continue;
	}
	let counts;
	try {
		counts = layer.read(JSON.parse(readFileSync(file, 'utf8')));
	} catch (error) {
		console.log(`  ${label} UNREADABLE REPORT`);
		problems.push(
			`${layer.name}: cannot read ${path.relative(root, file)}: ${error instanceof Error ? error.message : String(error)}`
		);
		continue;
	}
	totals.passed += counts.passed;
	totals.failed += counts.failed;
	const notRunHere = counts.notRun ?? [];
	notRun.push(...notRunHere);
	totals.skipped += counts.skipped + notRunHere.length;
	const parts = [`${counts.passed} passed`, `${counts.failed} failed`];
	if (counts.skipped) parts.push(`${counts.skipped} skipped`);
	if (notRunHere.length) parts.push(`${notRunHere.length} not run (no service)`);
	if (counts.flaky) parts.push(`${counts.flaky} flaky`);
	if (counts.errors) parts.push(`${counts.errors} errors outside tests`);
	console.log(`  ${label} ${counts.total} tests: ${parts.join(', ')}`);
	if (counts.total === 0) problems.push(`${layer.name}: no tests ran`);
	if (counts.failed) problems.push(`${layer.name}: ${counts.failed} failed`);
	if (counts.skipped) problems.push(`${layer.name}: ${counts.skipped} skipped`);
	if (notRunHere.length && inCi)
		problems.push(`${layer.name}: ${notRunHere.length} not run for lack of a service (CI=true)`);
	if (counts.errors) problems.push(`${layer.name}: ${counts.errors} errors outside tests`);
}

// On stdout, before the closing counts, so it reads in order and the counts stay the last line.
if (notRun.length) {
	const bar = '!'.repeat(100);
	const tests = notRun.length === 1 ? '1 test did' : `${notRun.length} tests did`;
	console.log(`\n${bar}\n!!! ${tests} NOT run: this machine lacks a service they need.`);
	for (const test of notRun) console.log(`!!!   ${test.file}: ${test.name}`);
	console.log(`!!! ${HOW_TO_ENABLE.split('\n').join('\n!!! ')}`);
	if (!inCi) console.log('!!! Outside CI this run still passes; under CI=true it fails.');
	console.log(bar);
}

console.log('');
console.log(
	`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`
);

if (problems.length) {
	console.error(`\nThe test run is not clean:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
	process.exitCode = 1;
}
