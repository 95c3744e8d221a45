import { redirect } from '@sveltejs/kit';
import { AppError, invalid } from '$lib/domain/errors';
import { issueMemberResetLink } from '$lib/server/accounts/admin-reset';
import { resetLinkUrl } from '$lib/server/auth/password-resets';
import { deletePerson, type DeletionReceipt } from '$lib/server/deletion/deletion';
import { adminAccess } from '$lib/server/sveltekit/admin';
import { db, runtime } from '$lib/server/sveltekit/context';
import { field, formFailure } from '$lib/server/sveltekit/forms';
import { createInvitation, parseRoles } from '$lib/server/workspaces/invitations';
import { changeRoles, listMembers, setMemberActive } from '$lib/server/workspaces/workspaces';
import type { Actions, PageServerLoad } from './$types';

/** "Deleted 3 documents and rewrote the history of 2 others for Sam Patel. Receipt <id>." */
function receiptMessage(receipt: DeletionReceipt, name: string): string {
	const deleted = receipt.documentsDeleted === 1 ? '1 document' : `${receipt.documentsDeleted} documents`;
	const rewritten = receipt.documentsRewritten === 1 ? '1 other' : `${receipt.documentsRewritten} others`;
	return `Deleted ${deleted} and rewrote the history of ${rewritten} for ${name}. Receipt ${receipt.id}.`;
}

export const load: PageServerLoad = async (event) => {
	const { user, workspace } = await adminAccess(event);
	const members = await listMembers(db(), workspace.id);
	const editing = event.url.searchParams.get('edit');
	return {
		workspace: { id: workspace.id, name: workspace.name },
		members: members.map((member) => ({
			...member,
			isYou: member.userId === user.id,
			// Ending your own membership here would sign you out mid-task; another admin can do it.
			canDeactivate: member.userId !== user.id,
			// A deletion request about yourself is another admin's to run (deletion.ts refuses it too).
			canRequestDeletion: member.userId !== user.id,
			// Your own password changes in Settings.
			canIssueResetLink: member.userId !== user.id && member.active
		})),
		mailConfigured: runtime().mailer.configured,
		editing: members.some((m) => m.userId === editing) ? editing : null
	};
};

function memberName(members: { userId: string; name: string }[], userId: string): string {
	return members.find((m) => m.userId === userId)?.name ?? 'That member';
}

export const actions = {
	invite: async (event) => {
		const { user, workspace } = await adminAccess(event);
		const form = await event.request.formData();
		const email = field(form, 'email');
		const rawRoles = form.getAll('roles').filter((r): r is string => typeof r === 'string');
		const values = { action: 'invite', email, roles: rawRoles.join(',') };
		try {
			const roles = parseRoles(rawRoles);
			const { token } = await createInvitation(db(), {
				workspaceId: workspace.id,
				email,
				roles,
				invitedBy: user.id
			});
			return {
				action: 'invite' as const,
				invitation: { url: `${event.url.origin}/invite/${token}`, email: email.trim(), roles }
			};
		} catch (failure) {
			return formFailure(failure, values);
		}
	},

	roles: async (event) => {
		const { user, workspace } = await adminAccess(event);
		const form = await event.request.formData();
		const userId = field(form, 'userId');
		const rawRoles = form.getAll('roles').filter((r): r is string => typeof r === 'string');
		const members = await listMembers(db(), workspace.id);
		let roles;
		try {
			roles = await changeRoles(db(), runtime().collaboration, workspace.id, userId, rawRoles);
		} catch (failure) {
			return formFailure(failure, { action: 'roles', userId, roles: rawRoles.join(',') });
		}
		// An admin who gave up their own admin role can no longer see this page.
		if (userId === user.id && !roles.includes('admin')) redirect(303, '/');
		return {
			action: 'roles' as const,
			userId,
			message: `Roles updated for ${memberName(members, userId)}.`
		};
	},

	deactivate: async (event) => {
		const { user, workspace } = await adminAccess(event);
		const userId = field(await event.request.formData(), 'userId');
		if (userId === user.id) {
			return formFailure(
				new AppError('invalid_request', 'You can’t deactivate yourself. Ask another admin to do it.'),
				{
					action: 'deactivate',
					userId
				}
			);
		}
		const members = await listMembers(db(), workspace.id);
		let signedOut;
		try {
			({ signedOut } = await setMemberActive(db(), runtime().collaboration, workspace.id, userId, false));
		} catch (failure) {
			return formFailure(failure, { action: 'deactivate', userId });
		}
		return {
			action: 'deactivate' as const,
			userId,
			message: signedOut
				? `${memberName(members, userId)} was deactivated and signed out.`
				: `${memberName(members, userId)} was deactivated here; they keep their other workspaces.`
		};
	},

	reactivate: async (event) => {
		const { workspace } = await adminAccess(event);
		const userId = field(await event.request.formData(), 'userId');
		const members = await listMembers(db(), workspace.id);
		try {
			await setMemberActive(db(), runtime().collaboration, workspace.id, userId, true);
		} catch (failure) {
			return formFailure(failure, { action: 'reactivate', userId });
		}
		return {
			action: 'reactivate' as const,
			userId,
			message: `${memberName(members, userId)} can use ${workspace.name} again.`
		};
	},

	/** A password reset link for a member, shown once: only its hash is stored. */
	resetLink: async (event) => {
		const { user, workspace } = await adminAccess(event);
		const userId = field(await event.request.formData(), 'userId');
		const members = await listMembers(db(), workspace.id);
		try {
			const { token } = await issueMemberResetLink(db(), {
				adminId: user.id,
				workspaceId: workspace.id,
				userId
			});
			return {
				action: 'resetLink' as const,
				userId,
				resetLink: { url: resetLinkUrl(runtime().config.origin ?? event.url.origin, token) },
				message: `A reset link for ${memberName(members, userId)} is below. It works once, for 30 minutes.`
			};
		} catch (failure) {
			return formFailure(failure, { action: 'resetLink', userId });
		}
	},

	/**
	 * A district deletion request: the person's coaching content goes for good (deletion.ts says what). The
	 * admin confirms by typing the person's name, as it is shown here.
	 */
	deletePerson: async (event) => {
		const { user, actor, workspace } = await adminAccess(event);
		const form = await event.request.formData();
		const userId = field(form, 'userId');
		const confirmName = field(form, 'confirmName');
		const values = { action: 'deletePerson', userId };
		const member = (await listMembers(db(), workspace.id)).find((m) => m.userId === userId);
		try {
			if (!member) throw new AppError('not_found', 'That member was not found.');
			if (userId === user.id)
				throw invalid('Another admin runs a deletion request about you.', { confirmName: 'Not yourself.' });
			if (confirmName.trim() !== member.name.trim())
				throw invalid(`Type ${member.name} exactly to confirm.`, {
					confirmName: `Type “${member.name}” to confirm.`
				});
			const receipt = await deletePerson(
				db(),
				runtime().collaboration,
				runtime().media,
				actor,
				workspace.id,
				userId
			);
			return {
				action: 'deletePerson' as const,
				userId,
				receipt,
				message: receiptMessage(receipt, member.name)
			};
		} catch (failure) {
			return formFailure(failure, values);
		}
	}
} satisfies Actions;
