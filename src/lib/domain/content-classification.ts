// What is coaching content and what is metadata (docs/design.md §4, issue 13). One table for the whole product,
// beside `can()`: every column of the schema and every field of every shape we present is classified
// here, and every presenter asks it. Coaching stays non-evaluative only if what a person writes about
// teaching reaches nobody but the people `can()` lets read it.
//
// - content: anything a person types about teaching (cycle titles and focus, stage and closing notes,
//   activity titles and places, action steps, goal fields, measurements, comments, observation notes, tool
//   labels, release notes, version names, feedback). Only readers of the content get it; everyone else
//   gets the shape with the field ABSENT, never a blank string that would tell its length or existence.
// - metadata: ids, kinds, stages, statuses, outcomes, dates, durations, counts, and the names of people,
//   of groups and of the workspace. Admins see these: that coaching happens, never what it says.
// - secret: credentials and their hashes. Never presented to anyone, never logged.

export type FieldClass = 'content' | 'metadata' | 'secret';

const C = 'content' as const;
const M = 'metadata' as const;
const S = 'secret' as const;

/**
 * Every column of `src/lib/server/db/schema.ts`, by table and column name. A unit test fails when a column
 * is added without a line here (tests/unit/domain/content-classification.test.ts).
 */
export const columnClasses = {
	users: { id: M, email: M, name: M, password_hash: S, created_at: M },
	sessions: { id: S, user_id: M, expires_at: M, created_at: M },
	// The id is the hash of the secret in a reset link (password-resets.ts).
	password_resets: { id: S, user_id: M, expires_at: M, issued_by: M, created_at: M },
	access_tokens: {
		id: M,
		user_id: M,
		name: M, // the owner's own label for a token; only its owner lists it
		token_hash: S,
		created_at: M,
		last_used_at: M,
		revoked_at: M,
		expires_at: M
	},
	workspaces: { id: M, name: M, time_zone: M, retention_years: M, created_at: M },
	user_identities: {
		id: M,
		user_id: M,
		provider: M,
		workspace_id: M,
		issuer: M,
		// The provider's stable id for the person: it signs them in, so it is never shown, sent or logged.
		subject: S,
		email: M,
		created_at: M,
		last_used_at: M
	},
	workspace_sign_in: {
		workspace_id: M,
		display_name: M,
		issuer: M,
		client_id: M,
		// Sealed with TANDEM_SECRET_KEY; still a credential: never presented, never logged.
		client_secret_sealed: S,
		allowed_domains: M,
		password_sign_in: M,
		updated_by: M,
		updated_at: M
	},
	workspace_sign_in_domains: { domain: M, workspace_id: M },
	memberships: { workspace_id: M, user_id: M, roles: M, active: M, roster_sourced_id: M, created_at: M },
	invitations: {
		id: M,
		workspace_id: M,
		email: M,
		roles: M,
		token_hash: S,
		invited_by: M,
		created_at: M,
		expires_at: M,
		accepted_at: M
	},
	coaching_cycles: {
		id: M,
		workspace_id: M,
		coach_id: M,
		teacher_id: M,
		title: C,
		focus: C,
		stage: M,
		status: M,
		requested_by: M,
		start_date: M,
		target_date: M,
		outcome: M, // met / partly met / not met: how a cycle ended, for the admin, without the why
		closed_at: M,
		archived_at: M,
		feedback_given_at: M,
		created_at: M,
		updated_at: M
	},
	cycle_stage_events: { id: M, cycle_id: M, from_stage: M, to_stage: M, actor_id: M, note: C, at: M },
	activities: {
		id: M,
		workspace_id: M,
		cycle_id: M,
		type: M,
		title: C,
		starts_at: M,
		duration_minutes: M,
		location: C,
		notes_document_id: M,
		created_by: M,
		created_at: M,
		updated_at: M,
		cancelled_at: M,
		sequence: M
	},
	activity_participants: { activity_id: M, user_id: M },
	activity_documents: { activity_id: M, document_id: M },
	calendar_feeds: { user_id: M, token_hash: S, created_at: M },
	coaching_feedback: {
		id: M,
		workspace_id: M,
		coach_id: M,
		ratings: M, // pooled counts, shown only once three teachers answered
		comment: C,
		month: M,
		respondent_key: S
	},
	plc_groups: {
		id: M,
		workspace_id: M,
		name: M, // a group's name, like the workspace's: stewards manage groups by it
		description: C,
		facilitator_id: M,
		created_at: M,
		archived_at: M
	},
	plc_members: { plc_id: M, user_id: M, added_by: M, added_at: M },
	documents: {
		id: M,
		workspace_id: M,
		cycle_id: M,
		plc_id: M,
		kind: M,
		title: C,
		created_by: M,
		created_at: M,
		updated_at: M,
		updated_by: M,
		archived_at: M,
		template: M,
		audience: M,
		revealed_at: M,
		companion_of: M,
		source_document_id: M
	},
	document_shares: { document_id: M, user_id: M, access: M, created_at: M },
	comment_mentions: {
		document_id: M,
		workspace_id: M,
		thread_id: M,
		comment_id: M,
		mentioned_user_id: M,
		author_id: M,
		created_at: M
	},
	document_snapshots: { document_id: M, state: C, through_seq: M, byte_size: M, updated_at: M },
	document_updates: { seq: M, document_id: M, update: C, user_id: M, created_at: M },
	document_versions: {
		id: M,
		document_id: M,
		name: C,
		reason: M,
		state: C,
		plain_text: C,
		created_by: M,
		created_at: M
	},
	audit_log: {
		id: M,
		workspace_id: M,
		actor_id: M,
		document_id: M,
		plc_id: M,
		action: M,
		channel: M,
		decision: M,
		detail: M, // ids only, by contract (src/lib/server/ledger/ledger.ts)
		at: M
	},
	// Search's copy of what a document says (src/lib/server/search/): as private as the document itself.
	document_search: { document_id: M, title: C, body: C, vector: C, derived_at: M },
	action_steps: {
		document_id: M,
		step_id: M,
		workspace_id: M,
		cycle_id: M,
		plc_id: M,
		text: C,
		owner_id: M,
		due: M,
		done: M,
		position: M,
		updated_at: M
	},
	goal_progress: {
		document_id: M,
		cycle_id: M,
		statement: C,
		metric: C,
		baseline: C,
		target: C,
		due: M,
		measurements: C,
		updated_at: M
	},
	releases: {
		id: M,
		workspace_id: M,
		teacher_id: M,
		recipient_id: M,
		note: C,
		created_at: M,
		revoked_at: M
	},
	release_documents: {
		release_id: M,
		document_id: M,
		kind: M,
		title: C,
		state: C,
		plain_text: C,
		position: M
	},
	// A lesson video's file: its bytes are content, kept as files under MEDIA_DIR and served only to readers of
	// its document; this row holds who, when, how large and how long.
	media_files: {
		id: M,
		document_id: M,
		workspace_id: M,
		uploaded_by: M,
		status: M,
		byte_size: M,
		progress: M,
		failure: M, // a code from a fixed list
		attempts: M,
		duration_ms: M,
		width: M,
		height: M,
		created_at: M,
		updated_at: M,
		ready_at: M
	},
	deletion_records: {
		id: M,
		workspace_id: M,
		requested_by: M,
		subject_type: M,
		subject_id: M,
		summary: M, // counts only: a receipt without the content
		created_at: M
	},
	roster_imports: {
		id: M,
		workspace_id: M,
		requested_by: M,
		channel: M,
		status: M,
		file_sha256: M,
		summary: M, // counts and unusable rows' line numbers and reasons, never a row's values
		bundle: M, // the district's staff list (names, emails, roles): what the members page shows admins
		created_at: M,
		applied_at: M
	},
	scheduled_runs: { task: M, last_run_on: M, started_at: M, finished_at: M }
} as const satisfies Record<string, Record<string, FieldClass>>;

/**
 * The shapes Tandem presents (pages, the API, calendars, exports), field by field. Presenters declare
 * `shapeClasses.x satisfies Record<keyof XJson, FieldClass>`, so a new field fails type checking until it
 * is classified here.
 */
export const shapeClasses = {
	cycle: {
		id: M,
		workspaceId: M,
		coachId: M,
		teacherId: M,
		coach: M,
		teacher: M,
		title: C,
		focus: C,
		stage: M,
		status: M,
		startDate: M,
		targetDate: M,
		outcome: M,
		closedAt: M,
		archived: M,
		createdAt: M,
		documentCount: M,
		documents: C // their titles
	},
	stageEvent: { id: M, fromStage: M, toStage: M, actor: M, note: C, at: M },
	activity: {
		id: M,
		cycleId: M,
		cycleTitle: C,
		type: M,
		typeLabel: M,
		title: C,
		startsAt: M,
		endsAt: M,
		durationMinutes: M,
		location: C,
		cancelled: M,
		notesDocumentId: M,
		participants: M,
		documents: C // their titles
	},
	plc: {
		id: M,
		workspaceId: M,
		name: M,
		description: C,
		facilitator: M,
		members: M,
		documents: C, // their titles
		archived: M
	},
	actionStep: {
		id: M,
		documentId: M,
		documentTitle: C,
		cycleId: M,
		cycleTitle: C,
		text: C,
		owner: M,
		due: M,
		done: M,
		status: M
	},
	/** A search result (src/lib/server/search/search.ts): only ever built for a reader of the document. */
	searchResult: {
		type: M,
		id: M,
		kind: M,
		title: C,
		cycleId: M,
		cycleName: C, // the cycle's title, for the pair
		teacher: M,
		plc: M,
		updatedAt: M,
		updatedBy: M,
		archived: M,
		snippet: C
	},
	/** Calendar events (the iCalendar feed and the week view). */
	calendarEvent: {
		uid: M,
		start: M,
		durationMinutes: M,
		summary: C,
		description: C,
		location: C,
		url: M,
		updatedAt: M,
		cancelled: M,
		sequence: M
	},
	/** Log lines: never content, whatever the line is about. */
	logLine: { requestId: M, method: M, path: M, status: M, ms: M, userId: M, statement: M, code: M, error: M }
} as const satisfies Record<string, Record<string, FieldClass>>;

export type ShapeName = keyof typeof shapeClasses;

/** The fields of a shape that are content. */
export type ContentFieldOf<S extends ShapeName> = {
	[K in keyof (typeof shapeClasses)[S]]: (typeof shapeClasses)[S][K] extends 'content' ? K : never;
}[keyof (typeof shapeClasses)[S]];

/** A shape as presented: its content fields may be absent (they are, for a reader of metadata only). */
export type Presented<T, S extends ShapeName> = Omit<T, ContentFieldOf<S> & keyof T> &
	Partial<Pick<T, ContentFieldOf<S> & keyof T>>;

export function contentFields(shape: ShapeName): string[] {
	return Object.entries(shapeClasses[shape])
		.filter(([, kind]) => kind === 'content')
		.map(([field]) => field);
}

export function classOfColumn(table: string, column: string): FieldClass | undefined {
	return (columnClasses as Record<string, Record<string, FieldClass>>)[table]?.[column];
}

/**
 * The one presenter rule: a reader of the content gets the value as it is; anyone else gets its metadata,
 * the content fields removed (absent, not blanked). `readsContent` is what `can()` said for this reader.
 */
export function present<S extends ShapeName, T extends object>(
	shape: S,
	value: T,
	readsContent: boolean
): Presented<T, S> {
	if (readsContent) return value;
	const kept: Record<string, unknown> = {};
	const classes = shapeClasses[shape] as Record<string, FieldClass>;
	for (const [field, fieldValue] of Object.entries(value)) {
		// A field nobody classified is treated as content: forgetting a line can hide, never leak.
		if (classes[field] === 'metadata') kept[field] = fieldValue;
	}
	return kept as Presented<T, S>;
}
