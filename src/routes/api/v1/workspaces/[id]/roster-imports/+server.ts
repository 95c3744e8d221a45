import { json, type RequestEvent } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import {
	importRoster,
	listRosterImports,
	parseCoachChoices,
	previewRoster
} from '$lib/server/roster/imports';
import { presentRosterPlan } from '$lib/server/roster/present';
import { endpoint, isTooLarge } from '$lib/server/sveltekit/api';
import { db, runtime } from '$lib/server/sveltekit/context';
import { authorizeWorkspace } from '$lib/server/sveltekit/workspaces';

const REFUSAL = 'Only an admin imports a roster.';

async function readZip(event: RequestEvent): Promise<Uint8Array> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!/^application\/(zip|octet-stream|x-zip-compressed)\b/.test(type))
		throw new AppError(
			'invalid_request',
			'Send the OneRoster bundle as the body, with Content-Type: application/zip.'
		);
	try {
		return new Uint8Array(await event.request.arrayBuffer());
	} catch (error) {
		if (isTooLarge(error)) throw new AppError('payload_too_large', 'The roster file is too large.');
		throw error;
	}
}

/**
 * A OneRoster 1.2 CSV bundle as the body (application/zip). `?preview=true` answers what it would change
 * and changes nothing; otherwise it is applied. `?coaches=sourcedId,…` names who coaches.
 */
export const POST = endpoint(async (event) => {
	const { actor, workspaceId } = await authorizeWorkspace(event, 'manage_members', REFUSAL);
	const zip = await readZip(event);
	const coachSourcedIds = parseCoachChoices(event.url.searchParams.get('coaches') ?? '');
	if (event.url.searchParams.get('preview') === 'true') {
		const { importId, plan } = await previewRoster(db(), actor, workspaceId, zip, {
			channel: 'api',
			coachSourcedIds
		});
		return json({ importId, status: 'previewed', ...presentRosterPlan(plan) });
	}
	const { importId, plan } = await importRoster(db(), runtime().collaboration, actor, workspaceId, zip, {
		channel: 'api',
		coachSourcedIds
	});
	return json({ importId, status: 'applied', ...presentRosterPlan(plan) }, { status: 201 });
});

/** The workspace's import history, newest first. */
export const GET = endpoint(async (event) => {
	const { actor, workspaceId } = await authorizeWorkspace(event, 'manage_members', REFUSAL);
	return json({ imports: await listRosterImports(db(), actor, workspaceId) });
});
