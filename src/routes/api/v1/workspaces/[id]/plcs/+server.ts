import { json } from '@sveltejs/kit';
import { createPlc, listPlcs, plcsJson } from '$lib/server/plcs/plcs';
import { endpoint, readJson } from '$lib/server/sveltekit/api';
import { db } from '$lib/server/sveltekit/context';
import { authorizeWorkspace } from '$lib/server/sveltekit/workspaces';

/** The PLC groups I may see (members their own; coaches and admins all); `?archived=true` adds archived. */
export const GET = endpoint(async (event) => {
	const { actor, workspaceId } = await authorizeWorkspace(event);
	const archived = event.url.searchParams.get('archived') === 'true';
	return json({ plcs: await listPlcs(db(), actor, workspaceId, { archived }) });
});

/** `{ name, memberIds, description?, facilitatorId? }` (coaches and admins). */
export const POST = endpoint(async (event) => {
	const { actor, workspaceId } = await authorizeWorkspace(
		event,
		'create_plc',
		'Coaches and admins set up PLC groups.'
	);
	const plc = await createPlc(db(), actor, workspaceId, await readJson(event));
	const [created] = await plcsJson(db(), actor, [plc]);
	return json(created, { status: 201 });
});
