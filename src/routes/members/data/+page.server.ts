import { redirect } from '@sveltejs/kit';
import { RETENTION_YEARS } from '$lib/domain/retention';
import { deleteWorkspace, listDeletionReceipts } from '$lib/server/deletion/deletion';
import { confirmDistrictAction } from '$lib/server/district/confirm';
import { retentionOf, setRetention } from '$lib/server/retention/retention';
import { adminAccess } from '$lib/server/sveltekit/admin';
import { clientIp } from '$lib/server/auth/client-ip';
import { db, loginLimiter, runtime } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import type { Actions, PageServerLoad } from './$types';

const REFUSAL = 'Only workspace admins manage the district’s data.';

/** What a refused export (a plain form post to ./export) said, read back from the address it redirected to. */
const EXPORT_REFUSALS: Record<string, string> = {
	password: 'That password is not right, so nothing was exported.',
	name: 'Type the workspace’s name exactly to export it.'
};

export const load: PageServerLoad = async (event) => {
	const { actor, workspace } = await adminAccess(event, REFUSAL);
	const refusal = event.url.searchParams.get('export');
	return {
		workspace: { id: workspace.id, name: workspace.name },
		retentionYears: await retentionOf(db(), workspace.id),
		choices: [...RETENTION_YEARS],
		receipts: await listDeletionReceipts(db(), actor, workspace.id, 20),
		exportRefusal: refusal ? (EXPORT_REFUSALS[refusal] ?? null) : null
	};
};

export const actions = {
	retention: async (event) => {
		const { actor, workspace } = await adminAccess(event, REFUSAL);
		const raw = field(await event.request.formData(), 'years');
		try {
			const years = await setRetention(db(), actor, workspace.id, raw);
			return {
				action: 'retention' as const,
				message:
					years === null
						? 'Closed cycles are kept until someone deletes them.'
						: `Closed cycles are deleted ${years} ${years === 1 ? 'year' : 'years'} after they close.`
			};
		} catch (failure) {
			return formFailure(failure, { action: 'retention', years: raw });
		}
	},

	deleteWorkspace: async (event) => {
		const { user, actor, workspace } = await adminAccess(event, REFUSAL);
		const form = await event.request.formData();
		let receiptId: string;
		try {
			await confirmDistrictAction(db(), loginLimiter(), {
				userId: user.id,
				email: user.email,
				ip: clientIp(event.getClientAddress(), event.request.headers, runtime().config.trustProxy),
				password: field(form, 'password'),
				workspaceName: workspace.name,
				typedName: field(form, 'confirmName'),
				nameRequired: true
			});
			({ id: receiptId } = await deleteWorkspace(db(), runtime().collaboration, actor, workspace.id));
		} catch (failure) {
			return formFailure(failure, { action: 'deleteWorkspace' });
		}
		redirect(303, `/members/data/deleted?receipt=${encodeURIComponent(receiptId)}`);
	}
} satisfies Actions;
