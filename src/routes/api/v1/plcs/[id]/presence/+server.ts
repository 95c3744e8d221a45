import { json } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { can } from '$lib/domain/permissions';
import { plcDocuments, plcResource } from '$lib/server/plcs/plcs';
import { endpoint } from '$lib/server/sveltekit/api';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizePlc } from '$lib/server/sveltekit/plcs';

/** Who is in which of the group's documents right now (members only). */
export const GET = endpoint(async (event) => {
	const { actor, plc, memberIds } = await authorizePlc(event);
	if (!can(actor, 'create_document', plcResource(plc, memberIds)))
		throw new AppError('forbidden', 'Only the group’s members see who is working where.');
	const docs = await plcDocuments(db(), plc.id);
	const present = await runtime().collaboration.presence(docs.map((d) => d.id));
	return json(
		{ documents: docs.map((d) => ({ id: d.id, people: present.get(d.id) ?? [] })) },
		{ headers: { 'cache-control': 'no-store' } }
	);
});
