// A websocket client for load sockets that costs next to nothing per frame: the upgrade by hand over a TCP
// socket, frames sent as bytes wrapped once up front, and received frames classified in place in the chunk
// they arrived in (no Buffer, no event per frame). At 200 clients on one document a server sends the
// generator ~200,000 awareness frames a second; through `ws` that alone fills the generator's core.
import { randomBytes } from 'node:crypto';
import net from 'node:net';

const OPCODE_CONTINUATION = 0x0;
const OPCODE_BINARY = 0x2;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;

/**
 * A client→server frame: FIN, the opcode, the length, and a zero masking key. RFC 6455 wants an
 * unpredictable key to protect proxies, but any key unmasks correctly, and a zero key leaves the payload as
 * it is, so a frame can be encoded once and sent many times.
 */
export function clientFrame(payload: Uint8Array, opcode = OPCODE_BINARY): Buffer {
	const length = payload.length;
	const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
	const frame = Buffer.allocUnsafe(headerLength + 4 + length);
	frame[0] = 0x80 | opcode;
	if (length < 126) frame[1] = 0x80 | length;
	else if (length < 65536) {
		frame[1] = 0x80 | 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 0x80 | 127;
		frame.writeBigUInt64BE(BigInt(length), 2);
	}
	frame.writeUInt32BE(0, headerLength);
	frame.set(payload, headerLength + 4);
	return frame;
}

const sharedReadBuffer = Buffer.allocUnsafe(256 * 1024);

export interface LiteSocketHandlers {
	/** A complete data frame's payload is data[start, end). Do not keep `data`: it is reused. */
	frame(data: Buffer, start: number, end: number): void;
	close(code: number): void;
}

export class LiteSocket {
	private socket: net.Socket | undefined;
	/** Bytes of a frame that has not fully arrived yet. */
	private pending: Buffer | null = null;
	private closed = false;

	constructor(private readonly handlers: LiteSocketHandlers) {}

	/** Opens the TCP connection and completes the websocket upgrade. */
	connect(url: string, headers: Record<string, string>): Promise<void> {
		const target = new URL(url);
		return new Promise((resolve, reject) => {
			let response = Buffer.alloc(0);
			let upgraded = false;
			const onRead = (bytes: number, buffer: Buffer): boolean => {
				const chunk = buffer.subarray(0, bytes);
				if (upgraded) {
					this.receive(chunk);
					return true;
				}
				response = Buffer.concat([response, chunk]);
				const end = response.indexOf('\r\n\r\n');
				if (end < 0) return true;
				const status = response.subarray(0, response.indexOf('\r\n')).toString();
				if (!/^HTTP\/1\.1 101/.test(status)) {
					socket.destroy();
					reject(new Error(`upgrade refused: ${status}`));
					return false;
				}
				upgraded = true;
				resolve();
				if (response.length > end + 4) this.receive(response.subarray(end + 4));
				return true;
			};
			// Reads land in one buffer shared by every socket: each is handled before the next read.
			const socket = net.connect({
				port: Number(target.port),
				host: target.hostname,
				onread: { buffer: sharedReadBuffer, callback: onRead }
			});
			this.socket = socket;
			socket.setNoDelay(true);
			socket.once('connect', () => {
				const lines = [
					`GET ${target.pathname}${target.search} HTTP/1.1`,
					`Host: ${target.host}`,
					'Upgrade: websocket',
					'Connection: Upgrade',
					`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
					'Sec-WebSocket-Version: 13',
					...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)
				];
				socket.write(`${lines.join('\r\n')}\r\n\r\n`);
			});
			socket.on('error', (error) => {
				if (!upgraded) reject(error);
			});
			socket.on('close', () => {
				if (!upgraded) reject(new Error('closed during the upgrade'));
				this.finish(1006);
			});
		});
	}

	send(frame: Buffer): void {
		if (!this.closed) this.socket?.write(frame);
	}

	terminate(): void {
		this.closed = true;
		this.socket?.destroy();
	}

	private finish(code: number): void {
		if (this.closed) return;
		this.closed = true;
		this.handlers.close(code);
	}

	private receive(chunk: Buffer): void {
		let data = chunk;
		if (this.pending) {
			data = Buffer.concat([this.pending, chunk]);
			this.pending = null;
		}
		let position = 0;
		while (position < data.length) {
			if (data.length - position < 2) break;
			const first = data[position]!;
			const second = data[position + 1]!;
			let length = second & 0x7f;
			let header = 2;
			if (length === 126) {
				if (data.length - position < 4) break;
				length = data.readUInt16BE(position + 2);
				header = 4;
			} else if (length === 127) {
				if (data.length - position < 10) break;
				length = Number(data.readBigUInt64BE(position + 2));
				header = 10;
			}
			// Servers never mask; if one did, the key would sit between header and payload.
			if ((second & 0x80) !== 0) header += 4;
			if (data.length - position < header + length) break;
			const start = position + header;
			const end = start + length;
			const opcode = first & 0x0f;
			if (opcode === OPCODE_BINARY || opcode === OPCODE_CONTINUATION) this.handlers.frame(data, start, end);
			else if (opcode === OPCODE_PING) this.send(clientFrame(data.subarray(start, end), OPCODE_PONG));
			else if (opcode === OPCODE_CLOSE) {
				const code = length >= 2 ? data.readUInt16BE(start) : 1005;
				this.send(clientFrame(data.subarray(start, Math.min(end, start + 2)), OPCODE_CLOSE));
				this.socket?.end();
				this.finish(code);
				return;
			}
			position = end;
		}
		if (position < data.length) this.pending = Buffer.from(data.subarray(position));
	}
}
