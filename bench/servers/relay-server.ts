// The floor: a raw `ws` fan-out relay. Every frame goes to the other sockets in the same room (the URL
// path), with no CRDT work at all. y-websocket clients use it; joins are answered by peers, not by it.
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
const http = createServer((_, response) => response.end('relay'));
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });

wss.on('connection', (socket, request) => {
	const name = request.url ?? '/';
	const room = rooms.get(name) ?? new Set<WebSocket>();
	rooms.set(name, room);
	room.add(socket);
	socket.on('message', (data, isBinary) => {
		for (const peer of room)
			if (peer !== socket && peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary });
	});
	socket.on('close', () => {
		room.delete(socket);
		if (room.size === 0) rooms.delete(name);
	});
});

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
	const address = http.address();
	console.log(`BENCH_READY ${typeof address === 'object' && address ? address.port : 0}`);
});
// Nothing is persisted, so there is nothing to save on the way out.
process.once('SIGTERM', () => process.exit(0));
