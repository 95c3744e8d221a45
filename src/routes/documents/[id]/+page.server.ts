import { error, redirect } from '@sveltejs/kit';
import { AppError, notFound } from '$lib/domain/errors';
import { can } from '$lib/domain/permissions';
import { cycleContextFor } from '$lib/server/documents/cycle-context';
import { plcContextFor } from '$lib/server/plcs/plcs';
import { documentJson } from '$lib/server/documents/documents';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';
// The collaboration server colours each person's caret from their id; the page shows the same colour for
// the person's own caret. (Better in src/lib/domain: see the note in the report.)
import { colorFor } from '$lib/domain/presence-color';
import { createObservationFromPlan } from '$lib/server/documents/observations';
import { revealDocument } from '$lib/server/documents/reveal';
import { workspaceClock, memberNames } from '$lib/server/workspaces/workspaces';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import { deleteDocument } from '$lib/server/deletion/deletion';
import { listShares, parseAccess, shareDocument, unshareDocument } from '$lib/server/documents/shares';
import { ledgerForDocument } from '$lib/server/ledger/ledger';
import { documentReaders } from '$lib/server/documents/comments';
import { listMembers } from '$lib/server/workspaces/workspaces';
import { requireUser, type AuthenticatedUser } from '$lib/server/sveltekit/auth';
import type { AuthorizedDocument } from '$lib/server/sveltekit/documents';
import type { Actions, PageServerLoad } from './$types';

/**
 * Who else may read a cycle document, as this viewer may learn it (issue #6). The pair and the people the
 * teacher chose; a reader the teacher shared with learns only of their own access. The teacher also gets
 * the people they could share with and the access ledger. Other documents have no such panel: null.
 */
async function privacyFor(user: AuthenticatedUser, facts: AuthorizedDocument) {
	const owner = facts.resource.owner;
	if (owner.kind !== 'cycle') return null;
	const viewer = user.id === owner.teacherId ? 'teacher' : user.id === owner.coachId ? 'coach' : 'reader';
	const all = (await listShares(db(), facts.document.id)).map((s) => ({
		userId: s.userId,
		name: s.name,
		access: s.access === 'comment' ? ('comment' as const) : ('read' as const)
	}));
	const shares = viewer === 'reader' ? all.filter((s) => s.userId === user.id) : all;
	const candidates = facts.can.share
		? (await listMembers(db(), facts.document.workspaceId))
				.filter(
					(m) =>
						m.active &&
						m.userId !== owner.teacherId &&
						m.userId !== owner.coachId &&
						!all.some((s) => s.userId === m.userId)
				)
				.map((m) => ({ id: m.userId, name: m.name }))
		: [];
	const viewLedger = can(facts.actor, 'view_ledger', facts.resource);
	// Every look answered before this one is in what the teacher reads (the queue writes after answers).
	if (viewLedger) await runtime().ledger.drain();
	const ledger = viewLedger
		? (await ledgerForDocument(db(), facts.document.workspaceId, facts.document.id)).reverse()
		: null;
	return { viewer, sealed: owner.sealedFromTeacher === true, shares, candidates, ledger } as const;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	try {
		const facts = await authorizeDocument(user, event.params.id, 'read', 'page');
		const clock = await workspaceClock(db(), facts.document.workspaceId);
		return {
			document: await documentJson(db(), facts.document),
			can: { ...facts.can, viewLedger: can(facts.actor, 'view_ledger', facts.resource) },
			me: { id: user.id, name: user.name, color: colorFor(user.id) },
			cycle: await cycleContextFor(db(), facts.actor, facts.document),
			plc: await plcContextFor(db(), facts.document),
			today: clock.today,
			timeZone: clock.timeZone,
			privacy: await privacyFor(user, facts),
			names: Object.fromEntries(await memberNames(db(), facts.document.workspaceId)),
			// Whom a comment may mention: only people who can read the document are ever offered.
			readers: facts.can.comment
				? (await documentReaders(db(), facts)).filter((person) => person.id !== user.id)
				: []
		};
	} catch (failure) {
		// Anything the person may not read looks like a missing document (docs/design.md §4).
		if (failure instanceof AppError && (failure.code === 'not_found' || failure.code === 'forbidden'))
			error(404, { message: 'Not found', code: 'not_found' });
		throw failure;
	}
};

export const actions = {
	/** From a lesson plan: an observation whose headings are the plan's look-fors. */
	observe: async (event) => {
		const user = requireUser(event);
		let observationId: string;
		try {
			const { document } = await authorizeDocument(user, event.params.id, 'write', 'form');
			observationId = (await createObservationFromPlan(db(), runtime().collaboration, document, user.id)).id;
		} catch (failure) {
			return formFailure(failure, {});
		}
		redirect(303, `/documents/${observationId}`);
	},
	/** The teacher opens the coach's debrief notes; from then on the teacher reads them too. */
	reveal: async (event) => {
		const user = requireUser(event);
		const documentId = field(await event.request.formData(), 'documentId');
		try {
			await authorizeDocument(user, documentId, 'reveal', 'form');
			await revealDocument(db(), documentId);
		} catch (failure) {
			return formFailure(failure, {});
		}
		redirect(303, `/documents/${documentId}`);
	},

	/** The teacher lets one more member read (or comment on) this document. */
	share: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const userId = field(form, 'userId');
		const access = field(form, 'access');
		try {
			const { document } = await authorizeDocument(user, event.params.id, 'share', 'form');
			await shareDocument(db(), runtime().collaboration, {
				documentId: document.id,
				workspaceId: document.workspaceId,
				userId,
				access: parseAccess(access),
				sharedBy: user.id,
				channel: 'form'
			});
			const shared = (await listShares(db(), document.id)).find((s) => s.userId === userId);
			const name = shared?.name ?? 'They';
			return {
				action: 'share' as const,
				message:
					shared?.access === 'comment' ? `${name} can now read and comment.` : `${name} can now read it.`
			};
		} catch (failure) {
			return formFailure(failure, { action: 'share', userId, access });
		}
	},

	/** The teacher stops sharing; the person's open editor on this document closes at once. */
	unshare: async (event) => {
		const user = requireUser(event);
		const userId = field(await event.request.formData(), 'userId');
		try {
			const { document } = await authorizeDocument(user, event.params.id, 'share', 'form');
			const name = (await listShares(db(), document.id)).find((s) => s.userId === userId)?.name;
			const revoked = await unshareDocument(db(), runtime().collaboration, {
				documentId: document.id,
				workspaceId: document.workspaceId,
				userId,
				revokedBy: user.id,
				channel: 'form'
			});
			if (!revoked) throw notFound('That share');
			return { action: 'unshare' as const, message: `${name ?? 'They'} can no longer read it.` };
		} catch (failure) {
			return formFailure(failure, { action: 'unshare', userId });
		}
	},

	/** Deletes the document for everyone, for good; the service decides and writes the ledger. */
	delete: async (event) => {
		const user = requireUser(event);
		let destination: string;
		try {
			// A refusal is written to the ledger here, once; the service checks again and deletes.
			const { document, actor } = await authorizeDocument(user, event.params.id, 'delete', 'form');
			const receipt = await deleteDocument(
				db(),
				runtime().collaboration,
				runtime().media,
				actor,
				document.id,
				'form'
			);
			// The receipt's id rides along for the page we land on (which may show it); the document is gone.
			const query = `?deleted=${encodeURIComponent(receipt.id)}`;
			destination = document.cycleId ? `/cycles/${document.cycleId}${query}` : `/documents${query}`;
		} catch (failure) {
			return formFailure(failure, { action: 'delete' });
		}
		redirect(303, destination);
	}
} satisfies Actions;
