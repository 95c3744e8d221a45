// Password hashing with argon2id at the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane).
import { hash, verify, type Options } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

const ARGON2_OPTIONS: Options = {
	algorithm: 2, // Algorithm.Argon2id; the enum is a const enum that isolated-module builds cannot import
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1,
	outputLen: 32
};

// The passwords guessed first. Only entries of 8+ characters: shorter ones fail the length rule anyway.
const COMMON_PASSWORDS = new Set([
	'password',
	'password1',
	'password12',
	'password123',
	'password!',
	'passw0rd',
	'p@ssw0rd',
	'12345678',
	'123456789',
	'1234567890',
	'0123456789',
	'87654321',
	'11111111',
	'00000000',
	'12341234',
	'11223344',
	'qwertyui',
	'qwertyuiop',
	'qwerty123',
	'1q2w3e4r',
	'1qaz2wsx',
	'zaq12wsx',
	'asdfghjk',
	'iloveyou',
	'letmein1',
	'letmein123',
	'welcome1',
	'welcome123',
	'sunshine',
	'princess',
	'football',
	'baseball',
	'superman',
	'trustno1',
	'abc12345',
	'abcd1234',
	'changeme',
	'teacher1',
	'student1',
	'tandem123'
]);

// Returns a message fit to show the user, or null when the password is acceptable.
export function validatePassword(password: string): string | null {
	// Count characters as the user sees them, not UTF-16 code units.
	const length = Array.from(password).length;
	if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
	if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
	if (password.trim() === '') return 'A password cannot be only spaces.';
	if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'That password is too common. Choose another.';
	return null;
}

// NFC so the same password typed on a keyboard that composes accents differently still matches.
const normalize = (password: string) => password.normalize('NFC');

export function hashPassword(password: string): Promise<string> {
	return hash(normalize(password), ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, normalize(password));
	} catch {
		// A malformed or foreign hash is a failed login, not a server error.
		return false;
	}
}

let decoyHash: Promise<string> | null = null;

// For an unknown email: spend the same argon2 work as a real check so response time does not reveal
// which emails have accounts. The decoy is hashed once, on first use, from a random secret.
export async function verifyAgainstDecoy(password: string): Promise<false> {
	decoyHash ??= hashPassword(crypto.randomUUID());
	await verifyPassword(await decoyHash, password);
	return false;
}
