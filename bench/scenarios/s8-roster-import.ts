// S8: a 10,000-person OneRoster import (issue 17 §2), in process against PGlite: the target is the first
// import under a minute on 2 cores, and a second import of the same file changing nothing. The reference
// servers have no rosters, so only Tandem runs; the started server is not used, the import is measured
// on its own database.
import { measureRosterImport, ROSTER_TARGET_MS, type RosterImportRun } from '../roster-import.ts';
import type { Scenario } from '../scenario.ts';

export const s8RosterImport: Scenario<RosterImportRun> = {
	id: 's8',
	title: 'S8 — a 10,000-person roster import',
	servers: ['tandem'],
	run: (_server, context) => measureRosterImport(context.scale(10_000, 500)),
	summarize(runs, context) {
		const run = runs.find((r) => r.run)?.run;
		const target = `S8 ${context.quick ? 500 : 10_000}-person import < ${ROSTER_TARGET_MS / 1000} s, and the same file again changes nothing`;
		if (!run)
			return {
				markdown: 'The import did not run.',
				targets: [{ target, status: 'missed', detail: 'no run' }]
			};
		const met = run.firstMs < ROSTER_TARGET_MS && run.idempotent;
		return {
			markdown: [
				'| people | zipped | first import | same file again | idempotent |',
				'| --- | --- | --- | --- | --- |',
				`| ${run.people} | ${(run.zippedBytes / 1024).toFixed(0)} KB | ${(run.firstMs / 1000).toFixed(1)} s | ${(run.secondMs / 1000).toFixed(1)} s | ${run.idempotent ? 'yes' : 'no'} |`
			].join('\n'),
			targets: [
				{
					target,
					status: met ? 'met' : 'missed',
					detail: `${(run.firstMs / 1000).toFixed(1)} s; second import ${run.idempotent ? 'changed nothing' : 'changed something'}`
				}
			]
		};
	}
};
