// Reads a OneRoster 1.2 CSV bundle (a ZIP of manifest.csv, orgs.csv, users.csv and, where present,
// roles.csv) into the staff it names, and every row that cannot be used with its file, line and why.
// Nothing here touches the database: the preview and the import both start from this.
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { AppError, invalid } from '../../domain/errors.ts';
import type { Role } from '../../domain/roles.ts';
import { email as emailSchema } from '../../domain/validation/accounts.ts';
import { cleanText } from '../../domain/validation/text.ts';
import { MAX_BUNDLE_BYTES, MAX_ROWS, MAX_UNZIPPED_BYTES } from './limits.ts';

export interface RosterPerson {
	sourcedId: string;
	email: string;
	name: string;
	/** What the roster makes them in Tandem (coach is the admin's choice, never the roster's). */
	roles: Role[];
	/** False when the roster marks them `tobedeleted` or not `enabledUser`: they are deactivated. */
	active: boolean;
	line: number;
}

export interface RowProblem {
	file: string;
	line: number;
	reason: string;
}

export interface RosterBundle {
	/** `bulk`: whoever is missing has left. `delta`: only rows marked `tobedeleted` leave. */
	mode: 'bulk' | 'delta';
	people: RosterPerson[];
	problems: RowProblem[];
	/** Rows for students, guardians and other roles Tandem has no place for: skipped, not errors. */
	notStaff: number;
}

/** OneRoster roles that become Tandem roles (issue 17 §2); every other role is not staff Tandem serves. */
const ROLE_MAP: Record<string, Role> = {
	teacher: 'teacher',
	administrator: 'admin',
	principal: 'admin'
};

type Row = Record<string, string>;
interface Table {
	rows: { line: number; row: Row }[];
}

/** The bundle's bytes, or a clear refusal naming what is wrong with the file as a whole. */
export function readBundle(zip: Uint8Array): RosterBundle {
	if (zip.byteLength > MAX_BUNDLE_BYTES)
		throw invalid('That roster file is too large.', { file: 'At most 8 MB.' });
	const files = unzip(zip);
	const manifest = readManifest(files);
	const orgs = table(files, 'orgs.csv', true) as Table;
	const users = table(files, 'users.csv', true) as Table;
	const roles = table(files, 'roles.csv', false);
	const problems: RowProblem[] = [];

	const orgIds = new Set<string>();
	for (const { row } of orgs.rows) if (row.sourcedId) orgIds.add(row.sourcedId);

	// Roles from roles.csv (1.2), or from users.csv's own `role` and `orgSourcedIds` (1.1 bundles).
	const rolesByUser = new Map<string, Set<string>>();
	const addRole = (userSourcedId: string, role: string) => {
		const set = rolesByUser.get(userSourcedId) ?? new Set<string>();
		set.add(role);
		rolesByUser.set(userSourcedId, set);
	};
	const userIds = new Set(users.rows.map(({ row }) => row.sourcedId).filter(Boolean));
	if (roles) {
		for (const { line, row } of roles.rows) {
			if (isDeleted(row)) continue;
			const role = (row.role ?? '').trim();
			if (!ROLE_MAP[role]) continue;
			if (!row.userSourcedId || !userIds.has(row.userSourcedId)) {
				problems.push({ file: 'roles.csv', line, reason: 'unknown user (userSourcedId)' });
				continue;
			}
			if (!row.orgSourcedId || !orgIds.has(row.orgSourcedId)) {
				problems.push({ file: 'roles.csv', line, reason: 'unknown org (orgSourcedId)' });
				continue;
			}
			addRole(row.userSourcedId, role);
		}
	}

	const people: RosterPerson[] = [];
	const seenIds = new Map<string, number>();
	const seenEmails = new Map<string, number>();
	let notStaff = 0;
	for (const { line, row } of users.rows) {
		const problem = (reason: string) => problems.push({ file: 'users.csv', line, reason });
		const sourcedId = (row.sourcedId ?? '').trim();
		if (!sourcedId) {
			problem('missing sourcedId');
			continue;
		}
		const first = seenIds.get(sourcedId);
		if (first !== undefined) {
			problem(`duplicate sourcedId (first on line ${first})`);
			continue;
		}
		seenIds.set(sourcedId, line);
		let oneRosterRoles: string[];
		if (roles) {
			oneRosterRoles = [...(rolesByUser.get(sourcedId) ?? [])];
		} else {
			const role = (row.role ?? '').trim();
			oneRosterRoles = ROLE_MAP[role] ? [role] : [];
			if (oneRosterRoles.length > 0) {
				const orgsOfUser = splitList(row.orgSourcedIds ?? '');
				const unknownOrg = orgsOfUser.find((id) => !orgIds.has(id));
				if (orgsOfUser.length === 0 || unknownOrg !== undefined) {
					problem('unknown org (orgSourcedIds)');
					continue;
				}
			}
		}
		const tandemRoles = [...new Set(oneRosterRoles.map((r) => ROLE_MAP[r] as Role))];
		if (tandemRoles.length === 0) {
			// Students, guardians, aides: not people Tandem serves. Only counted.
			notStaff++;
			continue;
		}
		if (row.primaryOrgSourcedId && !orgIds.has(row.primaryOrgSourcedId)) {
			problem('unknown org (primaryOrgSourcedId)');
			continue;
		}
		const parsedEmail = emailSchema.safeParse(row.email ?? '');
		if (!(row.email ?? '').trim()) {
			problem('missing email');
			continue;
		}
		if (!parsedEmail.success) {
			problem('email is not a valid address');
			continue;
		}
		const sameEmail = seenEmails.get(parsedEmail.data);
		if (sameEmail !== undefined) {
			problem(`email already used on line ${sameEmail}`);
			continue;
		}
		seenEmails.set(parsedEmail.data, line);
		const name = personNameOf(row);
		if (!name) {
			problem('missing name (givenName, familyName)');
			continue;
		}
		people.push({
			sourcedId,
			email: parsedEmail.data,
			name,
			roles: tandemRoles,
			active: !isDeleted(row) && (row.enabledUser ?? 'true').trim().toLowerCase() !== 'false',
			line
		});
	}
	return { mode: manifest.usersMode, people, problems, notStaff };
}

function isDeleted(row: Row): boolean {
	return (row.status ?? '').trim().toLowerCase() === 'tobedeleted';
}

function splitList(value: string): string[] {
	return value
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
}

function personNameOf(row: Row): string {
	const given = cleanText(row.preferredGivenName || row.givenName || '');
	const family = cleanText(row.preferredFamilyName || row.familyName || '');
	return `${given} ${family}`.trim().slice(0, 100);
}

function unzip(zip: Uint8Array): Record<string, Uint8Array> {
	let total = 0;
	try {
		const files = unzipSync(zip, {
			// Only the CSVs we read, each counted before it is inflated, so a zip bomb is refused unread.
			filter: (file) => {
				if (!/\.csv$/i.test(file.name)) return false;
				total += file.originalSize;
				return total <= MAX_UNZIPPED_BYTES;
			}
		});
		if (total > MAX_UNZIPPED_BYTES)
			throw invalid('That roster unzips to more than 20 MB.', { file: 'Too large once unzipped.' });
		// Bundles zipped from a folder hold `roster/users.csv`: the file name is what counts.
		const byName: Record<string, Uint8Array> = {};
		for (const [path, bytes] of Object.entries(files))
			byName[(path.split('/').pop() ?? path).toLowerCase()] = bytes;
		return byName;
	} catch (error) {
		if (error instanceof AppError) throw error;
		throw invalid('That file is not a ZIP archive of OneRoster CSV files.', { file: 'Not a ZIP file.' });
	}
}

/** A CSV file as UTF-8 text: OneRoster requires UTF-8, and a file saved as Windows-1252 or UTF-16 says so. */
function decode(name: string, bytes: Uint8Array): string {
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
		throw invalid(`${name} is UTF-16 text; OneRoster files are UTF-8. Save it as “CSV UTF-8”.`, {
			file: `${name} is not UTF-8.`
		});
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw invalid(`${name} is not UTF-8 text; OneRoster files are UTF-8. Save it as “CSV UTF-8”.`, {
			file: `${name} is not UTF-8.`
		});
	}
}

function parseCsv(name: string, bytes: Uint8Array): { line: number; row: Row }[] {
	const text = decode(name, bytes);
	try {
		const records = parse(text, {
			bom: true,
			columns: (header: string[]) => header.map((h) => h.trim()),
			skip_empty_lines: true,
			relax_column_count: true,
			trim: true,
			info: true,
			max_record_size: 64 * 1024
		}) as { info: { lines: number }; record: Row }[];
		if (records.length > MAX_ROWS)
			throw invalid(`${name} has more than ${MAX_ROWS} rows.`, { file: `${name} is too long.` });
		return records.map(({ info, record }) => ({ line: info.lines, row: record }));
	} catch (error) {
		if (error instanceof AppError) throw error;
		const line = (error as { lines?: number }).lines;
		throw invalid(`${name} is not valid CSV${line ? ` (near line ${line})` : ''}.`, {
			file: `${name} could not be read.`
		});
	}
}

function table(files: Record<string, Uint8Array>, name: string, required: true): Table;
function table(files: Record<string, Uint8Array>, name: string, required: false): Table | null;
function table(files: Record<string, Uint8Array>, name: string, required: boolean): Table | null {
	const bytes = files[name];
	if (!bytes) {
		if (required) throw invalid(`The roster has no ${name}.`, { file: `A OneRoster bundle needs ${name}.` });
		return null;
	}
	return { rows: parseCsv(name, bytes) };
}

function readManifest(files: Record<string, Uint8Array>): { usersMode: 'bulk' | 'delta' } {
	const bytes = files['manifest.csv'];
	if (!bytes)
		throw invalid('The roster has no manifest.csv: is it a OneRoster CSV bundle?', {
			file: 'A OneRoster bundle needs manifest.csv.'
		});
	const properties = new Map(
		parseCsv('manifest.csv', bytes).map(({ row }) => [row.propertyName ?? '', cleanText(row.value ?? '')])
	);
	const version = properties.get('oneroster.version');
	if (version && !/^1\.[12]$/.test(version))
		throw invalid(`This is a OneRoster ${version} bundle; Tandem reads 1.1 and 1.2.`, {
			file: 'Unsupported OneRoster version.'
		});
	const usersMode = properties.get('file.users') === 'delta' ? 'delta' : 'bulk';
	return { usersMode };
}

/** Shown beside the preview: what each OneRoster role becomes. */
export const ROSTER_ROLE_MAP = ROLE_MAP;
