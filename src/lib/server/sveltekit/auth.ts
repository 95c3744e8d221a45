// Who is asking, and the guards pages and endpoints use. Routes call these; they never re-derive rules.
import { error, redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { AppError } from '../../domain/errors.ts';
import { can, type Actor } from '../../domain/permissions.ts';
import { loadActor } from '../access.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../auth/session-token.ts';
import { listWorkspacesFor, type WorkspaceSummary } from '../workspaces/workspaces.ts';
import { db } from './context.ts';

export interface AuthenticatedUser {
	id: string;
	name: string;
	email: string;
}

export const WORKSPACE_COOKIE = 'tandem_workspace';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export function setSessionCookie(event: RequestEvent, token: string, expiresAt: Date): void {
	event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(expiresAt, isSecure(event)));
}

export function deleteSessionCookie(cookies: Cookies, event: RequestEvent): void {
	cookies.delete(SESSION_COOKIE, { path: '/', secure: isSecure(event), httpOnly: true, sameSite: 'lax' });
}

/**
 * The workspace a person is working in, remembered per browser. workspaceAccess() trusts it only for a
 * workspace the user is an active member of, so a forged value grants nothing.
 */
export function rememberWorkspace(event: RequestEvent, workspaceId: string): void {
	event.cookies.set(WORKSPACE_COOKIE, workspaceId, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		maxAge: ONE_YEAR_SECONDS,
		secure: isSecure(event)
	});
}

// Secure cookies everywhere except plain-http localhost, where browsers would drop them.
export function isSecure(event: RequestEvent): boolean {
	const host = event.url.hostname;
	const local = host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
	return !(local && event.url.protocol === 'http:') && !dev;
}

/** For pages: the signed-in user, or a redirect to the login page that comes back here afterwards. */
export function requireUser(event: RequestEvent): AuthenticatedUser {
	const user = event.locals.user;
	if (!user) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	return user;
}

/** For the JSON API: the user, or a 401 in the API's error shape. */
export function requireApiUser(event: RequestEvent): AuthenticatedUser {
	if (!event.locals.user) throw new AppError('unauthenticated', 'Sign in or send a personal access token.');
	return event.locals.user;
}

export async function actorFor(user: AuthenticatedUser): Promise<Actor> {
	return loadActor(db(), user.id);
}

export interface WorkspaceAccess {
	actor: Actor;
	workspaces: WorkspaceSummary[];
	current: WorkspaceSummary | null;
}

/** The user's workspaces and the one they are working in (remembered in a cookie, default the first). */
export async function workspaceAccess(
	event: RequestEvent,
	user: AuthenticatedUser
): Promise<WorkspaceAccess> {
	const [actor, workspaces] = await Promise.all([actorFor(user), listWorkspacesFor(db(), user.id)]);
	const chosen = event.cookies.get(WORKSPACE_COOKIE);
	const current = workspaces.find((w) => w.id === chosen) ?? workspaces[0] ?? null;
	return { actor, workspaces, current };
}

/** A page-level 404 for anything the actor may not see, so refusals look like missing resources. */
export function pageNotFound(): never {
	error(404, { message: 'Not found', code: 'not_found' });
}

export { can };
