// A small HTTP client with a cookie jar that behaves like a same-origin browser (Origin header included).
export class HttpClient {
	private cookies = new Map<string, string>();

	constructor(
		readonly baseUrl: string,
		private readonly origin: string | null = baseUrl
	) {}

	get cookieHeader(): string {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	cookie(name: string): string | undefined {
		return this.cookies.get(name);
	}

	/** Puts a cookie back, as a browser replaying an old request would (tests of replayed sign-ins). */
	setCookie(name: string, value: string): void {
		this.cookies.set(name, value);
	}

	async request(
		pathname: string,
		init: RequestInit & { headers?: Record<string, string> } = {}
	): Promise<Response> {
		const headers: Record<string, string> = { ...(init.headers ?? {}) };
		if (this.cookies.size > 0) headers.cookie = this.cookieHeader;
		if (this.origin && !('origin' in headers)) headers.origin = this.origin;
		const response = await fetch(new URL(pathname, this.baseUrl), { ...init, headers, redirect: 'manual' });
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const index = pair?.indexOf('=') ?? -1;
			if (!pair || index < 0) continue;
			const name = pair.slice(0, index).trim();
			const value = pair.slice(index + 1).trim();
			if (value === '' || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line))
				this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
		return response;
	}

	postForm(pathname: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
		return this.request(pathname, {
			method: 'POST',
			body: new URLSearchParams(fields),
			// As a browser's plain form post: SvelteKit answers */* with JSON instead of the 303.
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers }
		});
	}

	async json<T = unknown>(
		pathname: string,
		init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}
	) {
		const response = await this.request(pathname, {
			method: init.method ?? 'GET',
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
			headers: { 'content-type': 'application/json', ...(init.headers ?? {}) }
		});
		const text = await response.text();
		return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
	}
}

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
	counter += 1;
	return `${prefix}.${process.pid}.${Date.now()}.${counter}@school.example`;
}

export const TEST_PASSWORD = 'correct horse battery staple';

export interface SignedUp {
	client: HttpClient;
	user: { id: string; name: string; email: string };
	workspaceId: string | null;
}

export async function signUp(
	baseUrl: string,
	input: { name?: string; workspace?: string } = {}
): Promise<SignedUp> {
	const client = new HttpClient(baseUrl);
	const email = uniqueEmail();
	const response = await client.postForm('/signup', {
		name: input.name ?? 'Casey Coach',
		email,
		password: TEST_PASSWORD,
		workspace: input.workspace ?? ''
	});
	if (response.status !== 303) throw new Error(`signup failed: ${response.status} ${await response.text()}`);
	const me = await client.json<{ user: SignedUp['user']; workspaces: { id: string }[] }>('/api/v1/me');
	return { client, user: me.body.user, workspaceId: me.body.workspaces[0]?.id ?? null };
}

/** An admin invites someone by email; they accept by link and get a signed-in client. */
export async function inviteAndJoin(
	admin: SignedUp,
	roles: string[],
	name = 'Taylor Teacher'
): Promise<SignedUp> {
	const email = uniqueEmail(roles.join('-'));
	const invitation = await admin.client.json<{ url: string }>(
		`/api/v1/workspaces/${admin.workspaceId}/invitations`,
		{
			method: 'POST',
			body: { email, roles }
		}
	);
	if (invitation.status !== 201) throw new Error(`invitation failed: ${JSON.stringify(invitation.body)}`);
	const client = new HttpClient(admin.client.baseUrl);
	const path = new URL(invitation.body.url).pathname;
	const response = await client.postForm(path, { name, password: TEST_PASSWORD });
	if (response.status !== 303)
		throw new Error(`accepting the invitation failed: ${response.status} ${await response.text()}`);
	const me = await client.json<{ user: SignedUp['user'] }>('/api/v1/me');
	return { client, user: me.body.user, workspaceId: admin.workspaceId };
}
