// Reading OneRoster bundles the tests make, including the broken ones districts send.
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../../src/lib/server/roster/bundle.ts';
import { csvField, latin1, rosterBundle, type RosterUser } from '../../support/roster-bundle.ts';

const ada: RosterUser = {
	sourcedId: 'u1',
	givenName: 'Ada',
	familyName: 'Lovelace',
	email: 'Ada@Riverside.example',
	role: 'teacher'
};
const grace: RosterUser = {
	sourcedId: 'u2',
	givenName: 'Grace',
	familyName: 'Hopper',
	email: 'grace@riverside.example',
	role: 'principal'
};
const student: RosterUser = {
	sourcedId: 's1',
	givenName: 'Sam',
	familyName: 'Student',
	email: 'sam@riverside.example',
	role: 'student'
};

function refusal(zip: Uint8Array): string {
	try {
		readBundle(zip);
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('the bundle was accepted');
}

describe('reading a OneRoster bundle', () => {
	it('maps teacher to teacher and principal and administrator to admin, and skips students', () => {
		const admin: RosterUser = {
			...grace,
			sourcedId: 'u3',
			email: 'admin@riverside.example',
			role: 'administrator'
		};
		const bundle = readBundle(rosterBundle([ada, grace, admin, student]));
		expect(bundle.people.map((p) => [p.sourcedId, p.roles])).toEqual([
			['u1', ['teacher']],
			['u2', ['admin']],
			['u3', ['admin']]
		]);
		expect(bundle.people[0]).toMatchObject({
			email: 'ada@riverside.example',
			name: 'Ada Lovelace',
			active: true
		});
		expect(bundle.notStaff).toBe(1);
		expect(bundle.problems).toEqual([]);
	});

	it('reads OneRoster 1.1 bundles whose users carry their own role and quoted, comma-separated orgs', () => {
		const twoSchools = { ...ada, orgSourcedId: 'org-district,org-lincoln' };
		const bundle = readBundle(rosterBundle([twoSchools], { rolesInUsers: true }));
		expect(bundle.people).toHaveLength(1);
		expect(bundle.people[0]?.roles).toEqual(['teacher']);
	});

	it('keeps quoted commas and quotes inside names and org names', () => {
		const quoted = { ...ada, familyName: 'Lovelace, "Countess"' };
		expect(csvField(quoted.familyName)).toBe('"Lovelace, ""Countess"""');
		const bundle = readBundle(rosterBundle([quoted]));
		expect(bundle.people[0]?.name).toBe('Ada Lovelace, "Countess"');
	});

	it('reads files that start with a UTF-8 byte order mark, inside a folder', () => {
		const bundle = readBundle(rosterBundle([ada, grace], { bom: true, folder: 'oneroster' }));
		expect(bundle.people.map((p) => p.sourcedId)).toEqual(['u1', 'u2']);
	});

	it('lists every unusable row with its file, line and why', () => {
		const rows: RosterUser[] = [
			ada,
			{ ...grace, email: '' },
			{ ...grace, sourcedId: 'u1', email: 'again@riverside.example' },
			{ ...grace, sourcedId: 'u4', email: 'far@riverside.example', orgSourcedId: 'org-nowhere' },
			{ ...grace, sourcedId: 'u5', email: 'not an address' },
			{ ...grace, sourcedId: 'u6', email: 'ADA@riverside.example' }
		];
		const bundle = readBundle(rosterBundle(rows));
		expect(bundle.people.map((p) => p.sourcedId)).toEqual(['u1']);
		// The header is line 1, so the n-th user is on line n + 1.
		expect(bundle.problems).toEqual([
			{ file: 'roles.csv', line: 5, reason: 'unknown org (orgSourcedId)' },
			{ file: 'users.csv', line: 3, reason: 'missing email' },
			{ file: 'users.csv', line: 4, reason: 'duplicate sourcedId (first on line 2)' },
			{ file: 'users.csv', line: 6, reason: 'email is not a valid address' },
			{ file: 'users.csv', line: 7, reason: 'email already used on line 2' }
		]);
		// u4's only role was refused, so it has no staff role left: counted, not imported.
		expect(bundle.notStaff).toBe(1);
	});

	it('counts a line break inside a quoted field when naming later lines', () => {
		const multiline = { ...ada, familyName: 'Love\nlace' };
		const bundle = readBundle(rosterBundle([multiline, { ...grace, email: '' }]));
		expect(bundle.problems).toEqual([{ file: 'users.csv', line: 4, reason: 'missing email' }]);
	});

	it('marks people tobedeleted or not enabled as leaving, and reads delta files', () => {
		const bundle = readBundle(
			rosterBundle(
				[
					{ ...ada, status: 'tobedeleted' },
					{ ...grace, enabledUser: false }
				],
				{ usersMode: 'delta' }
			)
		);
		expect(bundle.mode).toBe('delta');
		expect(bundle.people.map((p) => p.active)).toEqual([false, false]);
	});

	it('refuses a file in the wrong encoding with a clear message', () => {
		const header =
			'sourcedId,status,dateLastModified,enabledUser,username,givenName,familyName,email,primaryOrgSourcedId\r\n';
		const windows1252 = latin1(
			`${header}u1,active,,true,jose,José,Müller,jose@riverside.example,org-lincoln\r\n`
		);
		expect(refusal(rosterBundle([ada], { override: { 'users.csv': windows1252 } }))).toMatch(
			/users\.csv is not UTF-8 text/
		);
		const utf16 = new Uint8Array([
			0xff,
			0xfe,
			...new Uint8Array(new Uint16Array([...header].map((c) => c.charCodeAt(0))).buffer)
		]);
		expect(refusal(rosterBundle([ada], { override: { 'users.csv': utf16 } }))).toMatch(
			/users\.csv is UTF-16/
		);
	});

	it('refuses what is not a OneRoster bundle', () => {
		expect(refusal(new TextEncoder().encode('sourcedId,email\n1,a@b.c\n'))).toMatch(/not a ZIP archive/);
		expect(refusal(rosterBundle([ada], { override: { 'manifest.csv': null } }))).toBe(
			'The roster has no manifest.csv: is it a OneRoster CSV bundle?'
		);
		expect(
			refusal(rosterBundle([ada], { override: { 'users.csv': 'sourcedId,email\r\n"u1,broken\r\n' } }))
		).toMatch(/users\.csv is not valid CSV/);
		const old = 'propertyName,value\r\noneroster.version,1.0\r\n';
		expect(refusal(rosterBundle([ada], { override: { 'manifest.csv': old } }))).toMatch(
			/OneRoster 1\.0 bundle/
		);
	});
});
