import { error, redirect } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { cycleContextFor } from '$lib/server/documents/cycle-context';
import { documentJson } from '$lib/server/documents/documents';
import { requireUser } from '$lib/server/sveltekit/auth';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';
// The collaboration server colours each person's caret from their id; the page shows the same colour for
// the person's own caret. (Better in src/lib/domain: see the note in the report.)
import { colorFor } from '$lib/domain/presence-color';
import { createObservationFromPlan } from '$lib/server/documents/observations';
import { revealDocument } from '$lib/server/documents/reveal';
import { workspaceClock } from '$lib/server/workspaces/workspaces';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	try {
		const facts = await authorizeDocument(user, event.params.id, 'read', 'page');
		return {
			document: await documentJson(db(), facts.document),
			can: facts.can,
			me: { id: user.id, name: user.name, color: colorFor(user.id) },
			cycle: await cycleContextFor(db(), facts.actor, facts.document),
			today: (await workspaceClock(db(), facts.document.workspaceId)).today
		};
	} catch (failure) {
		// Anything the person may not read looks like a missing document (design §4).
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
	}
} satisfies Actions;
