import { redirect } from '@sveltejs/kit';
import { describeRoles } from '$lib/format/roles';
import { can } from '$lib/domain/permissions';
import { loadDocumentFacts } from '$lib/server/access';
import { cyclesJson, listVisibleCycles } from '$lib/server/cycles/cycles';
import { createRelease, listReleases, requireRelease, revokeRelease } from '$lib/server/releases/releases';
import { actorFor, requireUser, workspaceAccess } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import { listMembers, workspaceClock } from '$lib/server/workspaces/workspaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { actor, current } = await workspaceAccess(event, user);
	if (!current) redirect(303, '/');

	const [releases, members, cycles, clock] = await Promise.all([
		listReleases(db(), actor, current.id),
		listMembers(db(), current.id),
		listVisibleCycles(db(), actor, current.id, { teacherId: user.id }).then((rows) =>
			cyclesJson(db(), actor, rows)
		),
		workspaceClock(db(), current.id)
	]);

	// What this person may release: each document of their cycles that can() lets them share (the
	// teacher's own, not the coach's sealed notes).
	const releasable = (
		await Promise.all(
			cycles.map(async (cycle) => {
				const documents = [];
				for (const document of cycle.documents ?? []) {
					const facts = await loadDocumentFacts(db(), document.id);
					if (facts && can(actor, 'share', facts.resource))
						documents.push({ id: document.id, title: document.title, kind: document.kind });
				}
				return { id: cycle.id, title: cycle.title ?? '', documents };
			})
		)
	).filter((cycle) => cycle.documents.length > 0);

	// Typically an admin (a principal): they come first.
	const recipients = members
		.filter((m) => m.active && m.userId !== user.id)
		.sort((a, b) => Number(b.roles.includes('admin')) - Number(a.roles.includes('admin')))
		.map((m) => ({ id: m.userId, label: `${m.name} (${describeRoles(m.roles)})` }));

	return {
		workspace: { id: current.id, name: current.name },
		timeZone: clock.timeZone,
		releasable,
		recipients,
		byMe: releases.filter((r) => r.teacher.id === user.id),
		toMe: releases.filter((r) => r.recipient.id === user.id && r.teacher.id !== user.id)
	};
};

export const actions = {
	/** The teacher freezes the chosen documents for one reader. */
	release: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const documentIds = form.getAll('documentIds').filter((id): id is string => typeof id === 'string');
		const recipientId = field(form, 'recipientId');
		const note = field(form, 'note');
		try {
			const actor = await actorFor(user);
			const release = await createRelease(
				db(),
				runtime().collaboration,
				actor,
				{
					documentIds,
					recipientId,
					note
				},
				'form'
			);
			const recipient = (await listMembers(db(), release.workspaceId)).find((m) => m.userId === recipientId);
			const count = documentIds.length === 1 ? '1 document' : `${documentIds.length} documents`;
			return {
				action: 'release' as const,
				releaseId: release.id,
				message: `Released ${count} to ${recipient?.name ?? 'them'}. They see it as it is now.`
			};
		} catch (failure) {
			return formFailure(failure, {
				action: 'release',
				documentIds: documentIds.join(','),
				recipientId,
				note
			});
		}
	},

	/** The teacher takes a release back: its reader can no longer open it. */
	revoke: async (event) => {
		const user = requireUser(event);
		const releaseId = field(await event.request.formData(), 'releaseId');
		try {
			const actor = await actorFor(user);
			const release = await requireRelease(db(), actor, releaseId, 'form');
			await revokeRelease(db(), actor, release, 'form');
			const reader = (await listMembers(db(), release.workspaceId)).find(
				(m) => m.userId === release.recipientId
			);
			return {
				action: 'revoke' as const,
				message: `Revoked. ${reader?.name ?? 'They'} can no longer open it.`
			};
		} catch (failure) {
			return formFailure(failure, { action: 'revoke', releaseId });
		}
	}
} satisfies Actions;
