// OneRoster 1.2 CSV bundles made by the tests: good ones, and the broken ones districts really send.
import { zipSync } from 'fflate';

export interface RosterUser {
	sourcedId: string;
	givenName: string;
	familyName: string;
	email: string;
	/** teacher, administrator, principal, student, ... */
	role: string;
	orgSourcedId?: string;
	status?: 'active' | 'tobedeleted';
	enabledUser?: boolean;
}

export interface BundleOptions {
	orgs?: { sourcedId: string; name: string }[];
	/** Leave roles.csv out and put `role` and `orgSourcedIds` in users.csv, as OneRoster 1.1 does. */
	rolesInUsers?: boolean;
	usersMode?: 'bulk' | 'delta';
	/** Replace a file's bytes after writing (wrong encodings, broken quoting); null leaves it out. */
	override?: Record<string, Uint8Array | string | null>;
	/** Start each CSV with a UTF-8 byte order mark, as Excel's "CSV UTF-8" does. */
	bom?: boolean;
	/** Put the files in a folder inside the ZIP. */
	folder?: string;
}

export const DEFAULT_ORGS = [
	{ sourcedId: 'org-district', name: 'Riverside Unified' },
	{ sourcedId: 'org-lincoln', name: 'Lincoln Elementary, North Campus' }
];

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(header: string[], rows: string[][]): string {
	return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function rosterBundle(users: RosterUser[], options: BundleOptions = {}): Uint8Array {
	const orgs = options.orgs ?? DEFAULT_ORGS;
	const org = (u: RosterUser) => u.orgSourcedId ?? orgs[1]?.sourcedId ?? 'org-district';
	const files: Record<string, string | Uint8Array> = {
		'manifest.csv': csv(
			['propertyName', 'value'],
			[
				['manifest.version', '1.0'],
				['oneroster.version', '1.2'],
				['file.orgs', 'bulk'],
				['file.users', options.usersMode ?? 'bulk'],
				['file.roles', options.rolesInUsers ? 'absent' : (options.usersMode ?? 'bulk')],
				['source.systemName', 'Test SIS']
			]
		),
		'orgs.csv': csv(
			['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
			orgs.map((o, i) => [
				o.sourcedId,
				'active',
				'2026-08-01T00:00:00Z',
				o.name,
				i === 0 ? 'district' : 'school',
				'',
				i === 0 ? '' : (orgs[0]?.sourcedId ?? '')
			])
		)
	};
	const userHeader = [
		'sourcedId',
		'status',
		'dateLastModified',
		'enabledUser',
		'username',
		'givenName',
		'familyName',
		'email',
		...(options.rolesInUsers ? ['role', 'orgSourcedIds'] : ['primaryOrgSourcedId'])
	];
	files['users.csv'] = csv(
		userHeader,
		users.map((u) => [
			u.sourcedId,
			u.status ?? 'active',
			'2026-08-01T00:00:00Z',
			u.enabledUser === false ? 'false' : 'true',
			u.email.split('@')[0] ?? '',
			u.givenName,
			u.familyName,
			u.email,
			...(options.rolesInUsers ? [u.role, org(u)] : [org(u)])
		])
	);
	if (!options.rolesInUsers) {
		files['roles.csv'] = csv(
			[
				'sourcedId',
				'status',
				'dateLastModified',
				'userSourcedId',
				'roleType',
				'role',
				'beginDate',
				'endDate',
				'orgSourcedId'
			],
			users.map((u) => [
				`role-${u.sourcedId}`,
				'active',
				'2026-08-01T00:00:00Z',
				u.sourcedId,
				'primary',
				u.role,
				'',
				'',
				org(u)
			])
		);
	}
	for (const [name, content] of Object.entries(options.override ?? {})) {
		if (content === null) delete files[name];
		else files[name] = content;
	}
	const encoder = new TextEncoder();
	const zipped: Record<string, Uint8Array> = {};
	for (const [name, content] of Object.entries(files)) {
		let bytes = typeof content === 'string' ? encoder.encode(content) : content;
		if (options.bom && typeof content === 'string') bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
		zipped[`${options.folder ? `${options.folder}/` : ''}${name}`] = bytes;
	}
	return zipSync(zipped);
}

/** `count` staff: mostly teachers, a principal every 50th. Emails are unique per `domain`. */
export function generatedStaff(count: number, domain = 'riverside.example'): RosterUser[] {
	return Array.from({ length: count }, (_, i) => ({
		sourcedId: `staff-${i}`,
		givenName: `Given${i}`,
		familyName: `Family${i}`,
		email: `staff${i}@${domain}`,
		role: i % 50 === 49 ? 'principal' : 'teacher'
	}));
}

/** Latin-1 bytes of a string (what a CSV saved as Windows-1252 holds). */
export function latin1(text: string): Uint8Array {
	return Uint8Array.from([...text].map((c) => c.charCodeAt(0) & 0xff));
}
