import { AppError } from '$lib/domain/errors';
import {
	applyPreviewedRoster,
	listRosterImports,
	parseCoachChoices,
	previewRoster
} from '$lib/server/roster/imports';
import { MAX_BUNDLE_BYTES } from '$lib/server/roster/limits';
import { presentRosterPlan } from '$lib/server/roster/present';
import { adminAccess } from '$lib/server/sveltekit/admin';
import { db, runtime } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import type { Actions, PageServerLoad } from './$types';

const REFUSAL = 'Only workspace admins import rosters.';

/** How many people of each list a page shows; the counts above them are always whole. */
const SHOWN = 200;

function forPage(plan: ReturnType<typeof presentRosterPlan>) {
	return {
		...plan,
		add: plan.add.slice(0, SHOWN),
		roleChanges: plan.roleChanges.slice(0, SHOWN),
		reactivate: plan.reactivate.slice(0, SHOWN),
		deactivate: plan.deactivate.slice(0, SHOWN),
		link: plan.link.slice(0, SHOWN),
		problems: plan.problems.slice(0, SHOWN)
	};
}

export const load: PageServerLoad = async (event) => {
	const { actor, workspace } = await adminAccess(event, REFUSAL);
	return {
		workspace: { id: workspace.id, name: workspace.name },
		imports: await listRosterImports(db(), actor, workspace.id, 20)
	};
};

export const actions = {
	preview: async (event) => {
		const { actor, workspace } = await adminAccess(event, REFUSAL);
		const form = await event.request.formData();
		const file = form.get('bundle');
		try {
			if (!(file instanceof File) || file.size === 0)
				throw new AppError('invalid_request', 'Choose the OneRoster ZIP file to upload.', {
					bundle: 'Choose a file.'
				});
			if (file.size > MAX_BUNDLE_BYTES)
				throw new AppError('invalid_request', 'That roster file is too large.', { bundle: 'At most 8 MB.' });
			const zip = new Uint8Array(await file.arrayBuffer());
			const { importId, plan } = await previewRoster(db(), actor, workspace.id, zip, { channel: 'page' });
			return {
				action: 'preview' as const,
				importId,
				fileName: file.name,
				preview: forPage(presentRosterPlan(plan))
			};
		} catch (failure) {
			return formFailure(failure, { action: 'preview' });
		}
	},

	apply: async (event) => {
		const { actor, workspace } = await adminAccess(event, REFUSAL);
		const form = await event.request.formData();
		const importId = field(form, 'importId');
		const coaches = parseCoachChoices(form.getAll('coaches'));
		try {
			const { plan } = await applyPreviewedRoster(
				db(),
				runtime().collaboration,
				actor,
				workspace.id,
				importId,
				coaches
			);
			return { action: 'apply' as const, applied: presentRosterPlan(plan).summary };
		} catch (failure) {
			return formFailure(failure, { action: 'apply', importId });
		}
	}
} satisfies Actions;
