// Privacy facts in plain words: who can see a document, and what its access ledger records. The rules
// themselves live in $lib/domain/permissions; these only say what the server decided.

export interface Person {
	id: string;
	name: string;
}

export interface ShareView {
	userId: string;
	name: string;
	access: 'read' | 'comment';
}

/** The viewer's place in the document's audience, as the server decided it. */
export type Viewer = 'teacher' | 'coach' | 'reader';

/** "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
	if (names.length <= 1) return names.join('');
	return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Everyone who may read the document, in sentences. A reader the teacher shared with learns about the
 * pair and about their own access, not who else the teacher chose.
 */
export function audienceSentences(input: {
	teacher: Person;
	coach: Person;
	/** The coach's notes, not yet opened by the teacher: the coach's alone. */
	sealed: boolean;
	shares: readonly ShareView[];
	viewer: Viewer;
}): string[] {
	const { teacher, coach, shares } = input;
	if (input.sealed) {
		return [
			`${coach.name} (coach) can read and edit.`,
			`${teacher.name} (teacher) can read and edit them once they choose to open them.`,
			'Nobody else — admins included — can see them.'
		];
	}
	const pair = `${teacher.name} (teacher) and ${coach.name} (coach) can read and edit.`;
	if (input.viewer === 'reader') {
		const mine = shares[0];
		return [
			pair,
			mine?.access === 'comment'
				? `${teacher.name} shared it with you: you can read and comment.`
				: `${teacher.name} shared it with you: you can read it.`,
			`${teacher.name} decides who else can read it. Admins cannot see it unless ${teacher.name} shares it with them.`
		];
	}
	const readers = shares.filter((s) => s.access === 'read').map((s) => s.name);
	const commenters = shares.filter((s) => s.access === 'comment').map((s) => s.name);
	return [
		pair,
		...(readers.length > 0 ? [`${joinNames(readers)} can read.`] : []),
		...(commenters.length > 0 ? [`${joinNames(commenters)} can read and comment.`] : []),
		'Nobody else — admins included — can see it.'
	];
}

export interface LedgerEntryView {
	actorId: string | null;
	actorName: string;
	action: string;
	channel: string;
	decision: string;
	at: string;
	subject?: { id: string; name: string } | null;
	access?: string | null;
	viaRelease?: boolean;
}

const CHANNEL_WORDS: Record<string, string> = {
	page: 'on the web page',
	form: 'on the web page',
	socket: 'in the live editor',
	api: 'through the API',
	export: 'as a download',
	release: 'in a released snapshot'
};

const ALLOWED_WORDS: Record<string, string> = {
	export: 'downloaded a copy',
	comment: 'commented on it',
	write: 'edited it',
	share: 'shared it',
	share_revoke: 'stopped sharing it with someone',
	release: 'released a snapshot of it',
	release_revoke: 'revoked a released snapshot of it',
	delete: 'deleted it',
	delete_person: 'had its history rewritten by a district deletion request'
};

const DENIED_WORDS: Record<string, string> = {
	read: 'tried to open it',
	export: 'tried to download it',
	comment: 'tried to comment on it',
	write: 'tried to edit it',
	manage: 'tried to change it',
	share: 'tried to share it',
	delete: 'tried to delete it',
	view_ledger: 'tried to see this list'
};

/** One ledger entry in words: "Pat Principal read it on the web page", "Refused: Olive Other tried to open it". */
export function ledgerSentence(entry: LedgerEntryView, meId: string): string {
	const who = entry.actorId !== null && entry.actorId === meId ? 'You' : entry.actorName;
	if (entry.decision !== 'allowed')
		return `Refused: ${who} ${DENIED_WORDS[entry.action] ?? 'tried to reach it'}`;
	if (entry.action === 'read') {
		const what = entry.viaRelease ? 'read a released snapshot of it' : 'read it';
		const where = CHANNEL_WORDS[entry.channel];
		return where ? `${who} ${what} ${where}` : `${who} ${what}`;
	}
	const subject = entry.subject?.name;
	if (subject && entry.action === 'share')
		return `${who} shared it with ${subject} (${entry.access === 'comment' ? 'read and comment' : 'read'})`;
	if (subject && entry.action === 'share_revoke') return `${who} stopped sharing it with ${subject}`;
	if (subject && entry.action === 'release') return `${who} released a snapshot of it to ${subject}`;
	return `${who} ${ALLOWED_WORDS[entry.action] ?? entry.action.replace(/_/g, ' ')}`;
}

/** Whether anyone besides the viewer has read or downloaded the document. */
export function openedByOthers(entries: readonly LedgerEntryView[], meId: string): boolean {
	return entries.some(
		(e) => e.decision === 'allowed' && (e.action === 'read' || e.action === 'export') && e.actorId !== meId
	);
}

const LOCALE = 'en-US';

/** "Nov 24, 2026, 3:04 PM", on the workspace's clocks. */
export function formatMoment(iso: string, timeZone: string): string {
	try {
		return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
			new Date(iso)
		);
	} catch {
		return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
	}
}

/** "Nov 24, 2026", on the workspace's clocks. */
export function formatDay(iso: string, timeZone: string): string {
	try {
		return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone }).format(new Date(iso));
	} catch {
		return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium' }).format(new Date(iso));
	}
}
