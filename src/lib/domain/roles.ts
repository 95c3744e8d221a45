export const ROLES = ['admin', 'coach', 'teacher'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles in a stable order, without duplicates, so stored role lists compare equal. */
export function normalizeRoles(roles: readonly string[]): Role[] {
	return ROLES.filter((role) => roles.includes(role));
}
