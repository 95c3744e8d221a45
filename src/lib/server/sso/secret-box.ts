// Secrets at rest (a workspace provider's client secret): AES-256-GCM with a key from the environment.
// The row's owner (the workspace id) is bound in as additional data, so a ciphertext copied onto another
// workspace's row does not decrypt. Stored as `v1.<iv>.<ciphertext+tag>` in base64url.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const KEY_BYTES = 32;
// 96-bit nonces are GCM's native size; random ones are safe far beyond the number of secrets we keep.
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/** TANDEM_SECRET_KEY: 32 random bytes in base64 (`openssl rand -base64 32`) or 64 hex digits. */
export function parseSecretKey(raw: string): Uint8Array {
	const text = raw.trim();
	const bytes = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
	if (bytes.length !== KEY_BYTES)
		throw new Error(
			'TANDEM_SECRET_KEY must be 32 random bytes in base64, e.g. from `openssl rand -base64 32`'
		);
	return new Uint8Array(bytes);
}

export function sealSecret(key: Uint8Array, plaintext: string, owner: string): string {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	cipher.setAAD(Buffer.from(owner));
	const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
	return [VERSION, iv.toString('base64url'), body.toString('base64url')].join('.');
}

/** The plaintext, or null when the key is not the one it was sealed with or the value was tampered with. */
export function openSecret(key: Uint8Array, sealed: string, owner: string): string | null {
	const [version, ivText, bodyText] = sealed.split('.');
	if (version !== VERSION || !ivText || !bodyText) return null;
	const iv = Buffer.from(ivText, 'base64url');
	const body = Buffer.from(bodyText, 'base64url');
	if (iv.length !== IV_BYTES || body.length < TAG_BYTES) return null;
	try {
		const decipher = createDecipheriv('aes-256-gcm', key, iv);
		decipher.setAAD(Buffer.from(owner));
		decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
		return Buffer.concat([
			decipher.update(body.subarray(0, body.length - TAG_BYTES)),
			decipher.final()
		]).toString('utf8');
	} catch {
		return null;
	}
}
