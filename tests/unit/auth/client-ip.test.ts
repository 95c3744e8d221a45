import { describe, it, expect } from 'vitest';
import { clientIp } from '../../../src/lib/server/auth/client-ip.ts';

const xff = (value: string) => new Headers({ 'x-forwarded-for': value });

describe('clientIp', () => {
	it('uses the socket address and ignores a spoofed X-Forwarded-For without TRUST_PROXY', () => {
		expect(clientIp('203.0.113.9', xff('1.2.3.4'), undefined)).toBe('203.0.113.9');
		expect(clientIp('127.0.0.1', xff('1.2.3.4'), undefined)).toBe('127.0.0.1');
		expect(clientIp('127.0.0.1', xff('1.2.3.4'), '')).toBe('127.0.0.1');
	});

	it('ignores the header when the peer is not one of the named proxies', () => {
		expect(clientIp('203.0.113.9', xff('1.2.3.4'), '10.0.0.2')).toBe('203.0.113.9');
		expect(clientIp('203.0.113.9', xff('1.2.3.4'), 'loopback')).toBe('203.0.113.9');
	});

	it('honours the header behind a trusted proxy, taking the right-most untrusted hop', () => {
		// The client claimed 1.2.3.4; our proxy appended the address it actually saw.
		expect(clientIp('10.0.0.2', xff('1.2.3.4, 198.51.100.7'), '10.0.0.2')).toBe('198.51.100.7');
		expect(clientIp('10.0.0.2', xff('198.51.100.7'), '10.0.0.2, 10.0.0.3')).toBe('198.51.100.7');
	});

	it('walks past a chain of trusted proxies', () => {
		expect(clientIp('10.0.0.2', xff('1.2.3.4, 198.51.100.7, 10.0.0.3'), '10.0.0.2,10.0.0.3')).toBe(
			'198.51.100.7'
		);
	});

	it('understands loopback, including IPv4-mapped IPv6', () => {
		expect(clientIp('127.0.0.1', xff('198.51.100.7'), 'loopback')).toBe('198.51.100.7');
		expect(clientIp('::1', xff('198.51.100.7'), 'loopback')).toBe('198.51.100.7');
		expect(clientIp('::ffff:127.0.0.1', xff('198.51.100.7'), 'loopback')).toBe('198.51.100.7');
		expect(clientIp('::ffff:10.0.0.2', xff('198.51.100.7'), '10.0.0.2')).toBe('198.51.100.7');
	});

	it('falls back to the nearest trusted address when the header is missing or unusable', () => {
		expect(clientIp('127.0.0.1', new Headers(), 'loopback')).toBe('127.0.0.1');
		expect(clientIp('127.0.0.1', xff('not-an-ip'), 'loopback')).toBe('127.0.0.1');
		expect(clientIp('10.0.0.2', xff('garbage, 10.0.0.3'), '10.0.0.2,10.0.0.3')).toBe('10.0.0.3');
	});

	it('reads several X-Forwarded-For headers as one list', () => {
		const headers = new Headers();
		headers.append('x-forwarded-for', '1.2.3.4');
		headers.append('x-forwarded-for', '198.51.100.7');
		expect(clientIp('127.0.0.1', headers, 'loopback')).toBe('198.51.100.7');
	});
});
