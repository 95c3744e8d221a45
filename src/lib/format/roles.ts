// How roles read in the interface. The rules about what each role may do live in $lib/domain/permissions.
import { ROLES, type Role } from '$lib/domain/roles';

export const roleLabels: Record<Role, string> = {
	admin: 'Admin',
	coach: 'Coach',
	teacher: 'Teacher'
};

export const roleOptions = ROLES.map((role) => ({ value: role, label: roleLabels[role] }));

/** "admin", "admin and coach", "admin, coach and teacher". */
export function describeRoles(roles: readonly Role[]): string {
	const words = roles.map((role) => roleLabels[role].toLowerCase());
	if (words.length <= 1) return words.join('');
	return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
