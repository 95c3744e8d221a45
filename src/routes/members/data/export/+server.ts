import { redirect } from '@sveltejs/kit';
import { AppError } from '$lib/domain/errors';
import { confirmDistrictAction } from '$lib/server/district/confirm';
import { exportWorkspace } from '$lib/server/district/workspace-export';
import { adminAccess } from '$lib/server/sveltekit/admin';
import { clientIp } from '$lib/server/auth/client-ip';
import { db, loginLimiter, runtime } from '$lib/server/sveltekit/context';
import { field } from '$lib/server/sveltekit/forms';
import type { RequestHandler } from './$types';

/**
 * The whole workspace as a ZIP download, from a plain form post (a file cannot come back from a form
 * action). A refusal goes back to the page, which says why.
 */
export const POST: RequestHandler = async (event) => {
	const { user, actor, workspace } = await adminAccess(event, 'Only workspace admins export the workspace.');
	const form = await event.request.formData();
	try {
		await confirmDistrictAction(db(), loginLimiter(), {
			userId: user.id,
			email: user.email,
			ip: clientIp(event.getClientAddress(), event.request.headers, runtime().config.trustProxy),
			password: field(form, 'password'),
			workspaceName: workspace.name,
			typedName: field(form, 'confirmName'),
			nameRequired: false
		});
	} catch (failure) {
		if (!(failure instanceof AppError)) throw failure;
		redirect(303, `/members/data?export=${failure.details?.password ? 'password' : 'name'}#export-heading`);
	}
	const archive = await exportWorkspace(db(), runtime().collaboration, actor, workspace.id);
	return new Response(new Blob([archive.zip as Uint8Array<ArrayBuffer>]), {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="${archive.fileName.replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(archive.fileName)}`,
			'cache-control': 'no-store'
		}
	});
};
