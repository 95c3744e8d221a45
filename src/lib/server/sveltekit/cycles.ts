// Loads a cycle for an API request and authorizes it: anything the actor may not view is "not found".
import type { RequestEvent } from '@sveltejs/kit';
import type { Actor } from '../../domain/permissions.ts';
import { requireCycle, type CycleRow } from '../cycles/cycles.ts';
import { actorFor, requireApiUser, type AuthenticatedUser } from './auth.ts';
import { db } from './context.ts';

export interface AuthorizedCycle {
	user: AuthenticatedUser;
	actor: Actor;
	cycle: CycleRow;
}

export async function authorizeCycle(
	event: RequestEvent,
	cycleId = event.params.id ?? ''
): Promise<AuthorizedCycle> {
	const user = requireApiUser(event);
	const actor = await actorFor(user);
	return { user, actor, cycle: await requireCycle(db(), actor, cycleId) };
}
