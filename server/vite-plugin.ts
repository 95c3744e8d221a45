// `npm run dev`: the same runtime and /collab socket, attached to Vite's own http server.
import type { Plugin } from 'vite';

export function tandemDevServer(): Plugin {
	return {
		name: 'tandem-dev-server',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer) return;
			// Load through tsx so the server modules run as plain Node modules, exactly as in production.
			const { tsImport } = await import('tsx/esm/api');
			const { startRuntime } = (await tsImport(
				'./runtime-start.ts',
				import.meta.url
			)) as typeof import('./runtime-start.ts');
			const started = await startRuntime();
			server.middlewares.use((request, response, next) => {
				if (!started.uploads.handle(request, response)) next();
			});
			server.httpServer.on('upgrade', (request, socket, head) => {
				started.collaboration.handleUpgrade(request, socket, head);
			});
			server.httpServer.once('close', () => void started.stop());
		}
	};
}
