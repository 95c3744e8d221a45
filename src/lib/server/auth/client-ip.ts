// The address a request came from, for rate limiting and the audit log. X-Forwarded-For is written by
// whoever sent the request, so it is believed only when the socket peer is a proxy named in TRUST_PROXY,
// and then only as far back as the chain of trusted proxies reaches.
import { isIP } from 'node:net';

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

export function parseTrustedProxies(trustProxy: string | undefined): Set<string> {
	const trusted = new Set<string>();
	for (const entry of (trustProxy ?? '').split(',')) {
		const name = entry.trim().toLowerCase();
		if (name === '') continue;
		for (const address of name === 'loopback' ? LOOPBACK : [name]) trusted.add(canonical(address));
	}
	return trusted;
}

export function clientIp(socketAddress: string, headers: Headers, trustProxy: string | undefined): string {
	const trusted = parseTrustedProxies(trustProxy);
	if (!trusted.has(canonical(socketAddress))) return socketAddress;

	const forwarded = (headers.get('x-forwarded-for') ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	// Each proxy appends the peer it saw, so read right to left: the first hop that is not one of our
	// proxies is the client as our outermost proxy saw it. Anything further left is client-supplied.
	let nearest = socketAddress;
	for (let i = forwarded.length - 1; i >= 0; i--) {
		const hop = forwarded[i] as string;
		// A trusted proxy would not write garbage; stop at the last address we can vouch for.
		if (isIP(hop) === 0) return nearest;
		if (!trusted.has(canonical(hop))) return hop;
		nearest = hop;
	}
	return nearest;
}

// ::ffff:10.0.0.1 and 10.0.0.1 are the same peer; Node reports the former on dual-stack sockets.
function canonical(address: string): string {
	const lower = address.toLowerCase();
	return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}
