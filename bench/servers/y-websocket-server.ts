// The classic y-websocket server: y-websocket 2.1.0's bin/utils setupWSConnection over yjs 13, on a plain
// http server with `ws`, without persistence (YPERSISTENCE unset), as its own bin/server does.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { WebSocketServer } from 'ws';

const require = createRequire(import.meta.url);
const { setupWSConnection } = require('y-websocket/bin/utils') as {
	setupWSConnection(socket: unknown, request: unknown, options?: { gc?: boolean }): void;
};

const http = createServer((_, response) => response.end('y-websocket'));
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (socket, request) => setupWSConnection(socket, request));
http.on('upgrade', (request, socket, head) => {
	wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
	const address = http.address();
	console.log(`BENCH_READY ${typeof address === 'object' && address ? address.port : 0}`);
});
// Nothing is persisted, so there is nothing to save on the way out.
process.once('SIGTERM', () => process.exit(0));
