// The relational half of Tandem: people, workspaces, cycles, document metadata and document state.
// Document *content* lives in Yjs updates (bytea); everything dashboards query is derived from it.
import { sql } from 'drizzle-orm';
import {
	bigserial,
	bigint,
	boolean,
	customType,
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
		revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [uniqueIndex('access_tokens_hash_key').on(t.tokenHash)]
);

export const workspaces = pgTable('workspaces', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	createdAt: createdAt()
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
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index('memberships_user_idx').on(t.userId)]
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
		createdAt: createdAt()
	},
	(t) => [index('cycles_workspace_idx').on(t.workspaceId)]
);

export const plcGroups = pgTable('plc_groups', {
	id: text('id').primaryKey(),
	workspaceId: text('workspace_id')
		.notNull()
		.references(() => workspaces.id, { onDelete: 'cascade' }),
	name: text('name').notNull(),
	facilitatorId: text('facilitator_id').references(() => users.id),
	createdAt: createdAt()
});

export const plcMembers = pgTable(
	'plc_members',
	{
		plcId: text('plc_id')
			.notNull()
			.references(() => plcGroups.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
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
		archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' })
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

// Append-only log of Yjs updates, written before the client is told "saved" (design §5).
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
		action: text('action').notNull(),
		channel: text('channel').notNull(),
		decision: text('decision').notNull(),
		detail: jsonb('detail'),
		at: timestamp('at', { withTimezone: true, mode: 'date' })
			.notNull()
			.default(sql`now()`)
	},
	(t) => [index('audit_log_document_idx').on(t.documentId, t.at)]
);
