// A real OpenID Connect provider on localhost (the `oidc-provider` package), dressed as Google, Microsoft
// (Entra ID, multi-tenant: discovery names its issuer as a `{tenantid}` template, tokens carry `tid` and
// `xms_edov` instead of `email_verified`) or a district's own issuer. It listens before Tandem starts, so
// its issuer can go into Tandem's environment; its client (Tandem's redirect URIs) is registered after.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

export type Flavour = 'google' | 'microsoft' | 'generic';

export interface TestAccount {
	email: string;
	/** Google and generic: `email_verified`. Microsoft: `xms_edov`. */
	verified: boolean;
	name?: string;
}

export const MICROSOFT_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export interface TestOidcProvider {
	/** What Tandem is configured with: TANDEM_TEST_*_ISSUER, or the admin's issuer field. */
	issuer: string;
	/** The issuer that signs the tokens (for Microsoft, the template filled with the tenant). */
	tokenIssuer: string;
	origin: string;
	clientId: string;
	clientSecret: string;
	/** Registers Tandem as the client, once its address is known. */
	registerClient(redirectUris: string[]): void;
	/** Accounts by login name (what the test types at the provider's login form). */
	accounts: Map<string, TestAccount>;
	/** Stops answering (a provider that is down); `start()` answers again on the same port. */
	stop(): Promise<void>;
	start(): Promise<void>;
	close(): Promise<void>;
}

/** The ports of the e2e suite's providers, beside its server's (playwright.config.ts gives them to the server). */
export const e2eOidcPort = (flavour: 'google' | 'generic', port = Number(process.env.E2E_PORT ?? 3137)) =>
	port + (flavour === 'google' ? 2000 : 2001);

export async function startOidcProvider(
	flavour: Flavour,
	{ clientId = `tandem-${flavour}`, port: listenPort = 0 }: { clientId?: string; port?: number } = {}
): Promise<TestOidcProvider> {
	const clientSecret = `secret-of-${clientId}`;
	const accounts = new Map<string, TestAccount>();
	let provider: Provider | null = null;
	let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;

	// Microsoft serves each tenant under /<tenant>/v2.0; the multi-tenant "organizations" discovery is a copy
	// of a tenant's with the issuer as a template.
	const mount = flavour === 'microsoft' ? `/${MICROSOFT_TENANT_ID}/v2.0` : '';
	const server: Server = createServer((req, res) => {
		if (flavour === 'microsoft' && req.url === '/organizations/v2.0/.well-known/openid-configuration') {
			void organizationsDiscovery(res);
			return;
		}
		if (!handler) {
			res.writeHead(503).end();
			return;
		}
		if (mount) {
			if (!req.url?.startsWith(mount)) {
				res.writeHead(404).end();
				return;
			}
			// oidc-provider finds its mount path from originalUrl, as under Express.
			(req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
			req.url = req.url.slice(mount.length) || '/';
		}
		handler(req, res);
	});
	await listen(server, listenPort);
	const port = (server.address() as AddressInfo).port;
	const origin = `http://127.0.0.1:${port}`;
	const tokenIssuer = origin + mount;
	const issuer =
		flavour === 'microsoft'
			? `${origin}/organizations/v2.0`
			: flavour === 'google'
				? origin
				: `${origin}/district`;

	async function organizationsDiscovery(res: ServerResponse) {
		const response = await fetch(`${tokenIssuer}/.well-known/openid-configuration`);
		const body = (await response.json()) as Record<string, unknown>;
		body.issuer = `${origin}/{tenantid}/v2.0`;
		res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
	}

	const generic = flavour === 'generic';
	const claims: Configuration['claims'] =
		flavour === 'microsoft'
			? { openid: ['sub', 'tid'], email: ['email', 'xms_edov'], profile: ['name'] }
			: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] };

	return {
		issuer: generic ? tokenIssuer : issuer,
		tokenIssuer,
		origin,
		clientId,
		clientSecret,
		accounts,
		registerClient(redirectUris) {
			provider = new Provider(tokenIssuer, {
				clients: [
					{
						client_id: clientId,
						client_secret: clientSecret,
						redirect_uris: redirectUris,
						grant_types: ['authorization_code'],
						response_types: ['code']
					}
				],
				claims,
				// Claims asked for by scope go into the ID token, as Google's and Entra's do.
				conformIdTokenClaims: false,
				pkce: { required: () => true },
				features: { devInteractions: { enabled: true } },
				cookies: { keys: ['a test provider cookie key'] },
				findAccount: (_ctx, id) => {
					const account = accounts.get(id);
					if (!account) return undefined;
					return {
						accountId: id,
						claims: () => ({
							sub: `${flavour}-subject-${id}`,
							email: account.email,
							name: account.name ?? id,
							...(flavour === 'microsoft'
								? { tid: MICROSOFT_TENANT_ID, ...(account.verified ? { xms_edov: true } : {}) }
								: { email_verified: account.verified })
						})
					};
				}
			});
			// The tests run on plain http; the provider would otherwise warn on every request.
			provider.proxy = false;
			const callback = provider.callback();
			handler = (req, res) => void callback(req, res);
		},
		async stop() {
			await closeServer(server);
		},
		async start() {
			await listen(server, port);
		},
		async close() {
			if (server.listening) await closeServer(server);
		}
	};
}

function listen(server: Server, port: number): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
}

function closeServer(server: Server): Promise<void> {
	server.closeAllConnections();
	return new Promise((resolve) => server.close(() => resolve()));
}
