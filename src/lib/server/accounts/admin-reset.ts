// A reset link an admin makes for a member, for schools whose Tandem sends no mail. The admin hands it
// over (in person, by the school's own mail); it is shown once and works once, for 30 minutes.
import { and, eq } from 'drizzle-orm';
import { AppError, invalid } from '../../domain/errors.ts';
import { issuePasswordReset } from '../auth/password-resets.ts';
import type { Db } from '../db/client.ts';
import { memberships } from '../db/schema.ts';
import { normalizeRoles } from '../../domain/roles.ts';

export async function issueMemberResetLink(
	db: Db,
	request: { adminId: string; workspaceId: string; userId: string }
): Promise<{ token: string; expiresAt: Date }> {
	if (request.userId === request.adminId) {
		throw invalid('Change your own password in Settings.');
	}
	const [theirs, mine] = await Promise.all([
		db
			.select({ workspaceId: memberships.workspaceId, active: memberships.active })
			.from(memberships)
			.where(eq(memberships.userId, request.userId)),
		db
			.select({ workspaceId: memberships.workspaceId, roles: memberships.roles })
			.from(memberships)
			.where(and(eq(memberships.userId, request.adminId), eq(memberships.active, true)))
	]);
	const here = theirs.find((m) => m.workspaceId === request.workspaceId);
	if (!here) throw new AppError('not_found', 'That member was not found.');
	if (!here.active) throw invalid('Reactivate them first: a deactivated member cannot log in.');
	// Whoever holds the link holds the account, in every school it belongs to. An admin of one school
	// does not get that over a person who also belongs to a school they do not run.
	const adminOf = new Set(
		mine.filter((m) => normalizeRoles(m.roles).includes('admin')).map((m) => m.workspaceId)
	);
	if (theirs.some((m) => !adminOf.has(m.workspaceId))) {
		throw new AppError(
			'forbidden',
			'They also belong to another school, so only they can reset their password (with “Forgot password” on the login page).'
		);
	}
	return issuePasswordReset(db, request.userId, request.adminId);
}
