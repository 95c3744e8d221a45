import { describe, it, expect } from 'vitest';
import {
	hashPassword,
	validatePassword,
	verifyAgainstDecoy,
	verifyPassword
} from '../../../src/lib/server/auth/passwords.ts';

describe('validatePassword', () => {
	it('enforces 8 to 256 characters', () => {
		expect(validatePassword('abcdefg')).toMatch(/at least 8/);
		expect(validatePassword('abcdefgh')).toBeNull();
		expect(validatePassword('x'.repeat(64))).toBeNull();
		expect(validatePassword('x'.repeat(256))).toBeNull();
		expect(validatePassword('x'.repeat(257))).toMatch(/at most 256/);
	});

	it('counts characters, not UTF-16 units', () => {
		expect(validatePassword('🔑'.repeat(8))).toBeNull();
		expect(validatePassword('🔑'.repeat(4))).not.toBeNull();
	});

	it('rejects whitespace-only passwords', () => {
		expect(validatePassword(' '.repeat(12))).not.toBeNull();
		expect(validatePassword('\t \n'.repeat(4))).not.toBeNull();
	});

	it('rejects very common passwords whatever their case', () => {
		for (const common of ['password', 'Password1', '12345678', 'QWERTYUI', 'iloveyou', 'LetMeIn1']) {
			expect(validatePassword(common), common).toMatch(/too common/);
		}
		expect(validatePassword('observation-cycle-7')).toBeNull();
	});
});

describe('hashing', () => {
	it('produces an argon2id PHC string with the agreed parameters', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
		expect(await hashPassword('correct horse battery')).not.toBe(hash);
	});

	it('verifies the right password and refuses a wrong one', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
		expect(await verifyPassword(hash, 'correct horse battery ')).toBe(false);
		expect(await verifyPassword(hash, 'Correct horse battery')).toBe(false);
	});

	it('matches composed and decomposed forms of the same password', async () => {
		const hash = await hashPassword('caf\u00e9-au-lait');
		expect(await verifyPassword(hash, 'cafe\u0301-au-lait')).toBe(true);
	});

	it('returns false for a malformed hash instead of throwing', async () => {
		expect(await verifyPassword('', 'anything goes')).toBe(false);
		expect(await verifyPassword('not a hash', 'anything goes')).toBe(false);
		expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$broken', 'anything goes')).toBe(false);
	});

	it('spends a verification on the decoy and never succeeds', async () => {
		expect(await verifyAgainstDecoy('whatever it is')).toBe(false);
		expect(await verifyAgainstDecoy('')).toBe(false);
	});
});
