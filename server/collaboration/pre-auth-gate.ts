// What a socket may cost before it has authenticated. Hocuspocus on its own lets each unauthenticated
// socket queue 5 MB and 1,000 frames, and sockets per address are not counted, so a few dozen anonymous
// sockets could hold hundreds of megabytes. Here, until one of its documents is authenticated, a socket may
// send only small frames and few of them, must authenticate within a few seconds, and shares a small
// allowance of such sockets with everyone at its address (TRUST_PROXY decides what the address is).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { MessageType, type Extension, type onAuthenticatePayload } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { CloseCode, closeReasons } from '../../src/lib/domain/close-codes.ts';
import { clientIp } from '../../src/lib/server/auth/client-ip.ts';
import type { ConnectionContext } from './context.ts';
import { collaborationLimits } from './limits.ts';

/** The allowances, each with its reason: limits.ts (preAuth). */
export const preAuthDefaults = collaborationLimits.preAuth;

export type PreAuthLimits = typeof preAuthDefaults;

/** One socket's allowance until it authenticates. */
export class PreAuthAllowance {
	private frames = 0;
	private bytes = 0;
	private sawAuthFrame = false;
	private timer: NodeJS.Timeout | null = null;
	private done = false;
	private close: ((code: number, reason: string) => void) | null = null;
	private receiver: { _maxPayload: number } | null = null;
	private usualFrameLimit = 0;

	constructor(
		private readonly limits: PreAuthLimits,
		private readonly releaseAddress: () => void
	) {}

	get authenticated(): boolean {
		return this.done;
	}

	/**
	 * The socket is open: start the clock and lower the socket's frame limit, so an oversized frame is
	 * refused from its header (1009) instead of being buffered first.
	 */
	opened(socket: unknown, close: (code: number, reason: string) => void): void {
		if (this.done) return;
		this.close = close;
		this.timer = setTimeout(() => this.refuse(), this.limits.authenticateWithinMs);
		this.timer.unref();
		this.receiver = receiverOf(socket);
		if (this.receiver) {
			this.usualFrameLimit = this.receiver._maxPayload;
			this.receiver._maxPayload = this.limits.beforeAuthFrame.maxFrameBytes;
		}
	}

	/** False when the frame is over the allowance; the socket is then being closed. */
	admitFrame(frame: Uint8Array): boolean {
		if (this.done) return true;
		const limits = this.sawAuthFrame ? this.limits.awaitingAuth : this.limits.beforeAuthFrame;
		this.frames += 1;
		this.bytes += frame.byteLength;
		if (
			frame.byteLength > limits.maxFrameBytes ||
			this.frames > limits.maxFrames ||
			this.bytes > limits.maxBytes
		) {
			this.refuse();
			return false;
		}
		if (!this.sawAuthFrame && isAuthFrame(frame)) {
			// ws parses the next frame's header after this handler returns (events are synchronous).
			this.sawAuthFrame = true;
			this.frames = 0;
			this.bytes = 0;
			if (this.receiver) this.receiver._maxPayload = this.limits.awaitingAuth.maxFrameBytes;
		}
		return true;
	}

	/** A document on this socket authenticated: from now on the socket is an ordinary one. */
	authenticate(): void {
		if (this.done) return;
		if (this.receiver) this.receiver._maxPayload = this.usualFrameLimit;
		this.finish();
	}

	/** The socket closed (or never opened). */
	closed(): void {
		this.finish();
	}

	private refuse(): void {
		const close = this.close;
		this.finish();
		close?.(CloseCode.PreAuthLimit, closeReasons[CloseCode.PreAuthLimit]);
	}

	private finish(): void {
		if (this.done) return;
		this.done = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.close = null;
		this.receiver = null;
		this.releaseAddress();
	}
}

/** Frame layout: the document name (var string), then the message type (var uint). */
function isAuthFrame(frame: Uint8Array): boolean {
	try {
		const decoder = decoding.createDecoder(frame);
		decoding.readVarString(decoder);
		return decoding.readVarUint(decoder) === MessageType.Auth;
	} catch {
		return false;
	}
}

export class PreAuthGate {
	private readonly pendingByAddress = new Map<string, number>();

	constructor(
		private readonly trustProxy: string | undefined,
		private readonly limits: PreAuthLimits = preAuthDefaults
	) {}

	/**
	 * At the upgrade: an allowance for this socket, or null when its address already has as many
	 * unauthenticated sockets as it may (the caller answers 429 without upgrading).
	 */
	admit(request: IncomingMessage, socket: Duplex): PreAuthAllowance | null {
		const address = clientIp(request.socket.remoteAddress ?? '', headersOf(request), this.trustProxy);
		const pending = this.pendingByAddress.get(address) ?? 0;
		if (pending >= this.limits.socketsPerAddress) return null;
		this.pendingByAddress.set(address, pending + 1);
		const allowance = new PreAuthAllowance(this.limits, () => this.release(address));
		socket.once('close', () => allowance.closed());
		return allowance;
	}

	/** Unauthenticated sockets now, all addresses together (for tests and /metrics). */
	get pending(): number {
		let total = 0;
		for (const count of this.pendingByAddress.values()) total += count;
		return total;
	}

	private release(address: string): void {
		const pending = (this.pendingByAddress.get(address) ?? 1) - 1;
		if (pending <= 0) this.pendingByAddress.delete(address);
		else this.pendingByAddress.set(address, pending);
	}
}

/**
 * Runs after every other onAuthenticate hook (lowest priority): reaching it means the document was
 * authenticated, so the socket's allowance ends. Before the document loads, so a slow load cannot run out
 * the clock of a socket that did authenticate.
 */
export class PreAuthRelease implements Extension {
	priority = 1;
	extensionName = 'tandem-pre-auth-release';

	onAuthenticate({ context }: onAuthenticatePayload<ConnectionContext>): Promise<void> {
		context.authenticated?.();
		return Promise.resolve();
	}
}

/** The crossws upgrade hook receives this in place of the Node request; it carries the allowance over. */
export function upgradeRequest(request: IncomingMessage): Request {
	return new Request(new URL(request.url ?? '/', 'http://localhost'));
}

function headersOf(request: IncomingMessage): Headers {
	const headers = new Headers();
	const forwarded = request.headers['x-forwarded-for'];
	if (forwarded) headers.set('x-forwarded-for', Array.isArray(forwarded) ? forwarded.join(',') : forwarded);
	return headers;
}

/**
 * The ws Receiver behind a socket (crossws hands out a Proxy over ws' WebSocket). ws checks `_maxPayload`
 * against each frame's declared length before buffering its payload; it is not public API, so when it is
 * not there the per-frame check in admitFrame() still closes the socket, only after the frame arrived.
 */
function receiverOf(socket: unknown): { _maxPayload: number } | null {
	const receiver = (socket as { _receiver?: { _maxPayload?: unknown } } | null)?._receiver;
	return receiver && typeof receiver._maxPayload === 'number' ? (receiver as { _maxPayload: number }) : null;
}
