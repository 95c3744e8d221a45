import { error } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { documentJson } from '$lib/server/documents/documents';
import { requireUser } from '$lib/server/sveltekit/auth';
import { db } from '$lib/server/sveltekit/context';
import { authorizeDocument } from '$lib/server/sveltekit/documents';
// The collaboration server colours each person's caret from their id; the page shows the same colour for
// the person's own caret. (Better in src/lib/domain: see the note in the report.)
import { colorFor } from '$lib/domain/presence-color';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	try {
		const facts = await authorizeDocument(user, event.params.id, 'read');
		return {
			document: await documentJson(db(), facts.document),
			can: facts.can,
			me: { id: user.id, name: user.name, color: colorFor(user.id) }
		};
	} catch (failure) {
		// Anything the person may not read looks like a missing document (design §4).
		if (failure instanceof AppError && (failure.code === 'not_found' || failure.code === 'forbidden'))
			error(404, { message: 'Not found', code: 'not_found' });
		throw failure;
	}
};
