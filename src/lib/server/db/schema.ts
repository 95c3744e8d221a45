// The relational half of Tandem: people, workspaces, cycles, document metadata and document state.
// Document *content* lives in Yjs updates (bytea); everything dashboards query is derived from it.
import { sql } from 'drizzle-orm';
import {
	bigserial,
	bigint,
	boolean,
	customType,
	date,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

// Postgres full-text search's own type; only ever written by Postgres (generated columns), read in SQL.
const tsvector = customType<{ data: string }>({
	dataType: () => 'tsvector'
});

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const users = pgTable(
	'users',
	{
		id: text('id').primaryKey(),
		email: text('email').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash').notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('users_email_key').on(t.email)]
);

// Lucia-guide sessions: the id is the hex SHA-256 of the cookie token, never the token itself.
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
		createdAt: createdAt()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

// Password reset links. The id is the hex SHA-256 of the secret in the link, never the secret itself; a
// row is deleted when its link is used, so each link works once.
export const passwordResets = pgTable(
	'password_resets',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
		// The admin who issued it from the members page; null when the person asked for it by email.
		issuedBy: text('issued_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [index('password_resets_user_idx').on(t.userId)]
);

export const accessTokens = pgTable(
	'access_tokens',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		tokenHash: text('token_hash').notNull(),
		createdAt: createdAt(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
		revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
		// Null: never expires (chosen by the owner); the default is 90 days from creation.
		expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [uniqueIndex('access_tokens_hash_key').on(t.tokenHash)]
);

export const workspaces = pgTable('workspaces', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	// The school's IANA time zone: weeks, "today" and "overdue" are the school's, not the server's.
	timeZone: text('time_zone').notNull().default('UTC'),
	// How many years a closed cycle is kept before the daily retention run deletes it; null keeps it until
	// someone deletes it (issue 17 §4).
	retentionYears: integer('retention_years'),
	createdAt: createdAt()
});

// Accounts at an OpenID Connect provider that sign in as a Tandem person. Keyed by (issuer, subject): the
// provider's stable id for the person, never the email, which people and admins can change.
export const userIdentities = pgTable(
	'user_identities',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		// google | microsoft | workspace (a workspace's own provider, named by workspace_id)
		provider: text('provider').notNull(),
		workspaceId: text('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
		issuer: text('issuer').notNull(),
		subject: text('subject').notNull(),
		// The verified email the provider gave when the identity was linked, to show the person which account.
		email: text('email').notNull(),
		createdAt: createdAt(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [
		uniqueIndex('user_identities_issuer_subject_key').on(t.issuer, t.subject),
		index('user_identities_user_idx').on(t.userId)
	]
);

// A workspace's own OpenID Connect provider (ClassLink, Clever, a district's), set by its admins.
export const workspaceSignIn = pgTable('workspace_sign_in', {
	workspaceId: text('workspace_id')
		.primaryKey()
		.references(() => workspaces.id, { onDelete: 'cascade' }),
	displayName: text('display_name').notNull(),
	issuer: text('issuer').notNull(),
	clientId: text('client_id').notNull(),
	// AES-256-GCM under TANDEM_SECRET_KEY (src/lib/server/sso/secret-box.ts); never the plain secret.
	clientSecretSealed: text('client_secret_sealed').notNull(),
	// Lower-case domains; a domain belongs to one workspace at most (workspace_sign_in_domains).
	allowedDomains: text('allowed_domains').array().notNull(),
	passwordSignIn: boolean('password_sign_in').notNull().default(true),
	updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});

// Which workspace's provider an email domain signs in with ("Sign in with your school account").
export const workspaceSignInDomains = pgTable('workspace_sign_in_domains', {
	domain: text('domain').primaryKey(),
	workspaceId: text('workspace_id')
		.notNull()
		.references(() => workspaceSignIn.workspaceId, { onDelete: 'cascade' })
});

export const memberships = pgTable(
	'memberships',
	{
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		roles: text('roles').array().notNull(),
		active: boolean('active').notNull().default(true),
		// The OneRoster sourcedId this membership was rostered as: imports are keyed by it, and only
		// rostered members are deactivated when they leave the roster (issue 17 §2).
		rosterSourcedId: text('roster_sourced_id'),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.workspaceId, t.userId] }),
		index('memberships_user_idx').on(t.userId),
		uniqueIndex('memberships_roster_key').on(t.workspaceId, t.rosterSourcedId)
	]
);

export const invitations = pgTable('invitations', {
	id: text('id').primaryKey(),
	workspaceId: text('workspace_id')
		.notNull()
		.references(() => workspaces.id, { onDelete: 'cascade' }),
	email: text('email').notNull(),
	roles: text('roles').array().notNull(),
	tokenHash: text('token_hash').notNull().unique(),
	invitedBy: text('invited_by')
		.notNull()
		.references(() => users.id),
	createdAt: createdAt(),
	expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
	acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' })
});

export const coachingCycles = pgTable(
	'coaching_cycles',
	{
		id: text('id').primaryKey(),
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		coachId: text('coach_id')
			.notNull()
			.references(() => users.id),
		teacherId: text('teacher_id')
			.notNull()
			.references(() => users.id),
		title: text('title').notNull(),
		focus: text('focus').notNull().default(''),
		stage: text('stage').notNull().default('identify'),
		// requested (a teacher asked, the coach has not accepted) | active | closed
		status: text('status').notNull().default('active'),
		requestedBy: text('requested_by').references(() => users.id),
		startDate: date('start_date', { mode: 'string' }),
		targetDate: date('target_date', { mode: 'string' }),
		// met | partly_met | not_met, set when the cycle closes
		outcome: text('outcome'),
		closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
		archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' }),
		// The teacher answered the feedback form. The answers live apart, without the teacher or cycle id.
		feedbackGivenAt: timestamp('feedback_given_at', { withTimezone: true, mode: 'date' }),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [
		index('cycles_workspace_idx').on(t.workspaceId),
		index('cycles_coach_idx').on(t.coachId),
		index('cycles_teacher_idx').on(t.teacherId),
		// Search over a cycle's title and focus (src/lib/server/search/): the same expression as the query's.
		index('cycles_search_idx').using('gin', sql`to_tsvector('english', ${t.title} || ' ' || ${t.focus})`)
	]
);

// Who moved a cycle between stages, when, and why: coaching is not linear, so moves back are kept too.
export const cycleStageEvents = pgTable(
	'cycle_stage_events',
	{
		id: text('id').primaryKey(),
		cycleId: text('cycle_id')
			.notNull()
			.references(() => coachingCycles.id, { onDelete: 'cascade' }),
		fromStage: text('from_stage'),
		toStage: text('to_stage').notNull(),
		actorId: text('actor_id').references(() => users.id),
		note: text('note').notNull().default(''),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [index('cycle_stage_events_cycle_idx').on(t.cycleId, t.at)]
);

// Scheduled coaching work. Past, not cancelled activities are the coaching log.
export const activities = pgTable(
	'activities',
	{
		id: text('id').primaryKey(),
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		cycleId: text('cycle_id')
			.notNull()
			.references(() => coachingCycles.id, { onDelete: 'cascade' }),
		type: text('type').notNull(),
		title: text('title').notNull(),
		startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
		durationMinutes: integer('duration_minutes').notNull(),
		location: text('location').notNull().default(''),
		notesDocumentId: text('notes_document_id').references(() => documents.id, { onDelete: 'set null' }),
		createdBy: text('created_by').references(() => users.id),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
		// Bumped on every change so calendar apps replace their copy (iCalendar SEQUENCE).
		sequence: integer('sequence').notNull().default(0)
	},
	(t) => [
		index('activities_cycle_idx').on(t.cycleId, t.startsAt),
		index('activities_workspace_idx').on(t.workspaceId, t.startsAt)
	]
);

export const activityParticipants = pgTable(
	'activity_participants',
	{
		activityId: text('activity_id')
			.notNull()
			.references(() => activities.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [
		primaryKey({ columns: [t.activityId, t.userId] }),
		index('activity_participants_user_idx').on(t.userId)
	]
);

export const activityDocuments = pgTable(
	'activity_documents',
	{
		activityId: text('activity_id')
			.notNull()
			.references(() => activities.id, { onDelete: 'cascade' }),
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.activityId, t.documentId] })]
);

// A secret calendar address per person: only the token's hash is stored.
export const calendarFeeds = pgTable('calendar_feeds', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	tokenHash: text('token_hash').notNull().unique(),
	createdAt: createdAt()
});

// Anonymous by construction: no teacher, no cycle, no exact time; only whose coaching it was about.
export const coachingFeedback = pgTable(
	'coaching_feedback',
	{
		id: text('id').primaryKey(),
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		coachId: text('coach_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		ratings: jsonb('ratings').notNull(),
		comment: text('comment').notNull().default(''),
		month: text('month').notNull(),
		// A one-way key per teacher, so pooled feedback waits for enough *different* teachers, not just
		// enough answers; it never leaves the server.
		respondentKey: text('respondent_key').notNull()
	},
	(t) => [index('coaching_feedback_coach_idx').on(t.workspaceId, t.coachId)]
);

export const plcGroups = pgTable('plc_groups', {
	id: text('id').primaryKey(),
	workspaceId: text('workspace_id')
		.notNull()
		.references(() => workspaces.id, { onDelete: 'cascade' }),
	name: text('name').notNull(),
	description: text('description').notNull().default(''),
	facilitatorId: text('facilitator_id').references(() => users.id, { onDelete: 'set null' }),
	createdAt: createdAt(),
	archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' })
});

export const plcMembers = pgTable(
	'plc_members',
	{
		plcId: text('plc_id')
			.notNull()
			.references(() => plcGroups.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		// Who added them: a steward who added themselves is shown to the group as such (issue 13).
		addedBy: text('added_by').references(() => users.id, { onDelete: 'set null' }),
		addedAt: timestamp('added_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.plcId, t.userId] })]
);

export const documents = pgTable(
	'documents',
	{
		id: text('id').primaryKey(),
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		cycleId: text('cycle_id').references(() => coachingCycles.id, { onDelete: 'cascade' }),
		plcId: text('plc_id').references(() => plcGroups.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		title: text('title').notNull(),
		createdBy: text('created_by')
			.notNull()
			.references(() => users.id),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		updatedBy: text('updated_by').references(() => users.id),
		archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' }),
		// Which template seeded it (lesson_plan, pre_conference, debrief, coach_notes, goal), for the page.
		template: text('template'),
		// 'cycle': the cycle's teacher and coach. 'coach': the coach's half of a debrief, which the teacher
		// sees once they choose to open it (revealedAt). docs/design.md §4: other audiences get their own document.
		audience: text('audience').notNull().default('cycle'),
		revealedAt: timestamp('revealed_at', { withTimezone: true, mode: 'date' }),
		// The document this one accompanies (a debrief's coach notes point at the debrief).
		companionOf: text('companion_of'),
		// The lesson plan an observation was created from (its look-fors become the observation's headings).
		sourceDocumentId: text('source_document_id')
	},
	(t) => [
		index('documents_workspace_idx').on(t.workspaceId),
		index('documents_cycle_idx').on(t.cycleId),
		index('documents_plc_idx').on(t.plcId)
	]
);

export const documentShares = pgTable(
	'document_shares',
	{
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		access: text('access').notNull(),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.documentId, t.userId] })]
);

// One row per person a comment names (`@name`), written with the comment, for their home page's "for you"
// list. Ids and a time only: the comment's words stay in the document, read from there by those who may.
export const commentMentions = pgTable(
	'comment_mentions',
	{
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		workspaceId: text('workspace_id').notNull(),
		/** The thread (its opening comment's id) and the comment in it that names the person. */
		threadId: text('thread_id').notNull(),
		commentId: text('comment_id').notNull(),
		mentionedUserId: text('mentioned_user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.commentId, t.mentionedUserId] }),
		index('comment_mentions_person_idx').on(t.mentionedUserId, t.workspaceId, t.createdAt)
	]
);

// Compacted Yjs state: one row per document. `throughSeq` is the last update-log row folded into it.
export const documentSnapshots = pgTable('document_snapshots', {
	documentId: text('document_id')
		.primaryKey()
		.references(() => documents.id, { onDelete: 'cascade' }),
	state: bytea('state').notNull(),
	throughSeq: bigint('through_seq', { mode: 'number' }).notNull(),
	byteSize: integer('byte_size').notNull(),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
});

// Append-only log of Yjs updates, written before the client is told "saved" (docs/design.md §5).
export const documentUpdates = pgTable(
	'document_updates',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		update: bytea('update').notNull(),
		userId: text('user_id'),
		createdAt: createdAt()
	},
	(t) => [index('document_updates_doc_seq_idx').on(t.documentId, t.seq)]
);

export const documentVersions = pgTable(
	'document_versions',
	{
		id: text('id').primaryKey(),
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		name: text('name'),
		reason: text('reason').notNull(),
		state: bytea('state').notNull(),
		plainText: text('plain_text').notNull().default(''),
		createdBy: text('created_by').references(() => users.id),
		createdAt: createdAt()
	},
	(t) => [index('document_versions_doc_idx').on(t.documentId, t.createdAt)]
);

export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		workspaceId: text('workspace_id'),
		actorId: text('actor_id'),
		documentId: text('document_id'),
		// A PLC's membership changes, which its members see beside the reads of its documents.
		plcId: text('plc_id'),
		action: text('action').notNull(),
		channel: text('channel').notNull(),
		decision: text('decision').notNull(),
		detail: jsonb('detail'),
		at: timestamp('at', { withTimezone: true, mode: 'date' })
			.notNull()
			.default(sql`now()`)
	},
	(t) => [
		index('audit_log_document_idx').on(t.documentId, t.at),
		index('audit_log_plc_idx').on(t.plcId, t.at)
	]
);

// What search reads of a document (docs/design.md §6): its title and the text derived from its Y.Doc at each
// store (body, goal fields, observation notes, action steps, comments). Deleting the document deletes the row.
export const documentSearch = pgTable(
	'document_search',
	{
		documentId: text('document_id')
			.primaryKey()
			.references(() => documents.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		body: text('body').notNull().default(''),
		// A title word counts more than a word of the text ('A' over 'B' in ts_rank).
		vector: tsvector('vector')
			.notNull()
			.generatedAlwaysAs(
				sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')`
			),
		// When the body was last derived from the document; null until its first store after creation's seed.
		derivedAt: timestamp('derived_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [index('document_search_vector_idx').using('gin', t.vector)]
);

// Derived on every store from each document's `actionSteps` (docs/design.md §6), so dashboards can query them.
export const actionSteps = pgTable(
	'action_steps',
	{
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		stepId: text('step_id').notNull(),
		workspaceId: text('workspace_id').notNull(),
		cycleId: text('cycle_id').references(() => coachingCycles.id, { onDelete: 'cascade' }),
		plcId: text('plc_id').references(() => plcGroups.id, { onDelete: 'cascade' }),
		text: text('text').notNull(),
		ownerId: text('owner_id'),
		due: date('due', { mode: 'string' }),
		done: boolean('done').notNull().default(false),
		position: integer('position').notNull(),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.documentId, t.stepId] }),
		index('action_steps_cycle_idx').on(t.cycleId),
		index('action_steps_owner_idx').on(t.ownerId, t.due)
	]
);

// Derived on every store from a goal document: the figures a progress chart needs, never the narrative.
export const goalProgress = pgTable(
	'goal_progress',
	{
		documentId: text('document_id')
			.primaryKey()
			.references(() => documents.id, { onDelete: 'cascade' }),
		cycleId: text('cycle_id').references(() => coachingCycles.id, { onDelete: 'cascade' }),
		statement: text('statement').notNull().default(''),
		metric: text('metric').notNull().default(''),
		baseline: doublePrecision('baseline'),
		target: doublePrecision('target'),
		due: date('due', { mode: 'string' }),
		measurements: jsonb('measurements').notNull(),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
	},
	(t) => [index('goal_progress_cycle_idx').on(t.cycleId)]
);

// A teacher's release: frozen copies of chosen documents for one named reader (an admin or evaluator).
// The live documents go on privately; the copies never change. Revoking ends future access.
export const releases = pgTable(
	'releases',
	{
		id: text('id').primaryKey(),
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		teacherId: text('teacher_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		recipientId: text('recipient_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		note: text('note').notNull().default(''),
		createdAt: createdAt(),
		revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [index('releases_recipient_idx').on(t.recipientId), index('releases_teacher_idx').on(t.teacherId)]
);

// The frozen copies. Deleting the live document deletes its copies too: deletion leaves no trace.
export const releaseDocuments = pgTable(
	'release_documents',
	{
		releaseId: text('release_id')
			.notNull()
			.references(() => releases.id, { onDelete: 'cascade' }),
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		title: text('title').notNull(),
		state: bytea('state').notNull(),
		plainText: text('plain_text').notNull(),
		position: integer('position').notNull()
	},
	(t) => [primaryKey({ columns: [t.releaseId, t.documentId] })]
);

// What was deleted, when and at whose request: a confirmation without the content.
export const deletionRecords = pgTable('deletion_records', {
	id: text('id').primaryKey(),
	workspaceId: text('workspace_id'),
	requestedBy: text('requested_by'),
	subjectType: text('subject_type').notNull(),
	subjectId: text('subject_id').notNull(),
	summary: jsonb('summary').notNull(),
	createdAt: createdAt()
});

/**
 * A lesson video's file, one per document of kind `video` (issue 18). Only metadata lives here: the bytes are
 * files under MEDIA_DIR (the upload, then the transcode, poster and preview strip), deleted with the row.
 */
export const mediaFiles = pgTable(
	'media_files',
	{
		// Also the tus upload's id, so an upload and its row are one thing.
		id: text('id').primaryKey(),
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		uploadedBy: text('uploaded_by')
			.notNull()
			.references(() => users.id),
		// 'uploading' | 'queued' | 'processing' | 'ready' | 'failed' (src/lib/domain/media.ts).
		status: text('status').notNull().default('uploading'),
		/** The upload's declared length: what counts against the workspace's allowance. */
		byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
		/** The transcode's progress, 0–100, while processing. */
		progress: integer('progress').notNull().default(0),
		/** Why processing failed, as one of a fixed list of codes (never ffmpeg's text, which names the file). */
		failure: text('failure'),
		attempts: integer('attempts').notNull().default(0),
		durationMs: integer('duration_ms'),
		width: integer('width'),
		height: integer('height'),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		readyAt: timestamp('ready_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [
		uniqueIndex('media_files_document_idx').on(t.documentId),
		index('media_files_workspace_idx').on(t.workspaceId)
	]
);

// Every roster upload: previewed (the bundle kept until it is applied or replaced) and applied. The summary
// holds counts only; who was added or deactivated is in the memberships themselves.
export const rosterImports = pgTable(
	'roster_imports',
	{
		id: text('id').primaryKey(),
		workspaceId: text('workspace_id')
			.notNull()
			.references(() => workspaces.id, { onDelete: 'cascade' }),
		requestedBy: text('requested_by').references(() => users.id, { onDelete: 'set null' }),
		// page | api
		channel: text('channel').notNull(),
		// previewed | applied
		status: text('status').notNull(),
		fileSha256: text('file_sha256').notNull(),
		summary: jsonb('summary').notNull(),
		// The uploaded ZIP while a preview waits to be applied; emptied once it is.
		bundle: bytea('bundle'),
		createdAt: createdAt(),
		appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [index('roster_imports_workspace_idx').on(t.workspaceId, t.createdAt)]
);

// One row per daily task: the process that moves `last_run_on` to today runs it, so several processes do
// not run it twice (a lease row, not an advisory lock: a pooled connection cannot hold a session lock).
export const scheduledRuns = pgTable('scheduled_runs', {
	task: text('task').primaryKey(),
	lastRunOn: date('last_run_on', { mode: 'string' }),
	startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
	finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' })
});
