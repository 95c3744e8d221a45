// The pure rules of single sign-on and the secret box, without a provider.
import { describe, expect, it } from 'vitest';
import { domainAllowed, expectedIssuer, verifiedEmail } from '../../../src/lib/domain/sso.ts';
import { allowedDomains, issuerUrl } from '../../../src/lib/domain/validation/sso.ts';
import { openSecret, parseSecretKey, sealSecret } from '../../../src/lib/server/sso/secret-box.ts';
import { readSsoConfig } from '../../../src/lib/server/sso/sso-config.ts';
import { saveWorkspaceSignIn, MISSING_KEY_MESSAGE } from '../../../src/lib/server/sso/workspace-sign-in.ts';
import { openInMemoryDatabase } from '../../support/in-memory-database.ts';

describe('which email a provider vouches for', () => {
	it('Google and generic issuers: email_verified, nothing else', () => {
		expect(verifiedEmail('google', { email: 'A@School.org', email_verified: true })).toBe('a@school.org');
		expect(verifiedEmail('google', { email: 'a@school.org', email_verified: false })).toBeNull();
		expect(verifiedEmail('workspace', { email: 'a@school.org' })).toBeNull();
		expect(verifiedEmail('workspace', { email: 'a@school.org', xms_edov: true })).toBeNull();
	});

	it('Entra ID: only xms_edov, never email_verified alone (Entra does not send it)', () => {
		expect(verifiedEmail('microsoft', { email: 'a@district.org', xms_edov: true })).toBe('a@district.org');
		expect(verifiedEmail('microsoft', { email: 'a@district.org' })).toBeNull();
		expect(verifiedEmail('microsoft', { email: 'a@district.org', email_verified: true })).toBeNull();
	});

	it('fills Entra’s {tenantid} issuer template from tid, and refuses a token without one', () => {
		const template = 'https://login.microsoftonline.com/{tenantid}/v2.0';
		const tid = '9188040d-6c67-4c5b-b112-36a304b66dad';
		expect(expectedIssuer(template, { tid })).toBe(`https://login.microsoftonline.com/${tid}/v2.0`);
		expect(expectedIssuer(template, {})).toBeNull();
		expect(expectedIssuer(template, { tid: '../evil' })).toBeNull();
		expect(expectedIssuer('https://accounts.google.com', { tid })).toBe('https://accounts.google.com');
	});

	it('domains: exact match on the part after @', () => {
		expect(domainAllowed('a@district.org', ['district.org'])).toBe(true);
		expect(domainAllowed('a@evil-district.org', ['district.org'])).toBe(false);
		expect(domainAllowed('a@anything.org', null)).toBe(true);
	});
});

describe('what an admin types', () => {
	it('allowed domains are lower-cased and deduplicated; junk is refused', () => {
		expect(allowedDomains.parse('District.org, @staff.district.org district.org')).toEqual([
			'district.org',
			'staff.district.org'
		]);
		expect(allowedDomains.safeParse('not a domain').success).toBe(false);
		expect(allowedDomains.safeParse('').success).toBe(false);
	});

	it('an issuer is https (plain http only where the tests allow it)', () => {
		expect(issuerUrl(false).parse('https://launchpad.classlink.com/')).toBe(
			'https://launchpad.classlink.com'
		);
		expect(issuerUrl(false).safeParse('http://127.0.0.1:9000').success).toBe(false);
		expect(issuerUrl(true).safeParse('http://127.0.0.1:9000').success).toBe(true);
		expect(issuerUrl(false).safeParse('https://idp.example/?x=1').success).toBe(false);
	});
});

describe('client secrets at rest', () => {
	const key = parseSecretKey(Buffer.alloc(32, 1).toString('base64'));

	it('AES-256-GCM: opens with the key and owner it was sealed for, and with nothing else', () => {
		const sealed = sealSecret(key, 'the client secret', 'workspace-a');
		expect(sealed).not.toContain('the client secret');
		expect(openSecret(key, sealed, 'workspace-a')).toBe('the client secret');
		expect(openSecret(key, sealed, 'workspace-b')).toBeNull();
		expect(openSecret(parseSecretKey('ab'.repeat(32)), sealed, 'workspace-a')).toBeNull();
		const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
		expect(openSecret(key, tampered, 'workspace-a')).toBeNull();
		expect(sealSecret(key, 'the client secret', 'workspace-a')).not.toBe(sealed);
	});

	it('a malformed TANDEM_SECRET_KEY stops start-up; a missing one does not', () => {
		expect(() => readSsoConfig({ TANDEM_SECRET_KEY: 'short' })).toThrow(/32 random bytes/);
		expect(readSsoConfig({}).secretKey).toBeUndefined();
		expect(() => readSsoConfig({ GOOGLE_CLIENT_ID: 'only-the-id' })).toThrow(/set both or neither/);
	});

	it('without a key, saving a workspace provider is refused with a message that says what to do', async () => {
		// Opening PGlite can take seconds on a busy machine.
		const { db, client } = await openInMemoryDatabase();
		try {
			await expect(
				saveWorkspaceSignIn(db, readSsoConfig({}), 'w', 'u', {
					displayName: 'ClassLink',
					issuer: 'https://launchpad.classlink.com',
					clientId: 'id',
					clientSecret: 'secret',
					allowedDomains: 'district.org',
					passwordSignIn: true
				})
			).rejects.toThrow(MISSING_KEY_MESSAGE);
		} finally {
			await client.close();
		}
	}, 60_000);
});
