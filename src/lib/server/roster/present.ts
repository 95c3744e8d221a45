// A roster plan as the page and the API show it: who, by name and sourcedId, and the counts.
import type { RosterPlan } from './plan.ts';
import { summarize } from './plan.ts';

export function presentRosterPlan(plan: RosterPlan) {
	return {
		mode: plan.mode,
		summary: summarize(plan),
		add: plan.add.map(({ sourcedId, name, email, roles }) => ({ sourcedId, name, email, roles })),
		link: plan.link,
		roleChanges: plan.roleChanges,
		reactivate: plan.reactivate,
		deactivate: plan.deactivate,
		held: plan.held,
		problems: plan.problems
	};
}
