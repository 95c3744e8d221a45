// Loads a PLC group for an API request: anyone who may not view it gets "not found".
import type { RequestEvent } from '@sveltejs/kit';
import { requirePlc } from '../plcs/plcs.ts';
import { actorFor, requireApiUser } from './auth.ts';
import { db } from './context.ts';

export async function authorizePlc(event: RequestEvent) {
	const user = requireApiUser(event);
	const actor = await actorFor(user);
	return { user, actor, ...(await requirePlc(db(), actor, event.params.id ?? '')) };
}
