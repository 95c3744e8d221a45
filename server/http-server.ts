// The production process: SvelteKit's adapter-node handler and the /collab socket on one http.Server.
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { TandemConfig } from '../src/lib/server/config.ts';
import { startRuntime } from './runtime-start.ts';

export const SHUTDOWN_DEADLINE_MS = 9_500;
const PROTOCOL_HEADER = 'x-tandem-protocol';

export interface RunningServer {
	server: Server;
	url: string;
	close(): Promise<void>;
}

export async function startHttpServer(config: TandemConfig, buildDir: string): Promise<RunningServer> {
	const started = await startRuntime(config);
	// Without ORIGIN, adapter-node takes the protocol from PROTOCOL_HEADER and otherwise assumes https,
	// which would make every same-origin form post on plain http look cross-site. This server speaks plain
	// http (TLS ends at a proxy, which sets ORIGIN), so it stamps the header itself on every request,
	// overwriting anything a client sent. adapter-node reads its env when the handler is imported.
	process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
	// The handler reads the runtime published above, so it is imported only now.
	const { handler } = (await import(pathToFileURL(path.join(buildDir, 'handler.js')).href)) as {
		handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
	};
	const server = createServer((request, response) => {
		request.headers[PROTOCOL_HEADER] = 'http';
		// Resumable uploads stream straight to disk beside SvelteKit, which would buffer a request body.
		if (started.uploads.handle(request, response)) return;
		handler(request, response);
	});
	server.on('upgrade', (request, socket, head) => {
		if (!started.collaboration.handleUpgrade(request, socket, head)) socket.destroy();
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

	let closing: Promise<void> | null = null;
	return {
		server,
		url,
		close() {
			closing ??= (async () => {
				// Stop accepting first, then flush documents while open sockets are closed.
				server.close();
				await started.stop();
				server.closeAllConnections();
			})();
			return closing;
		}
	};
}
