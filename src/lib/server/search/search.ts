// Search over everything a person may read in a workspace (issue 16 §2): documents by their title and the
// text derived from their Y.Doc (search-index.ts), and cycles by their title and focus. Postgres full-text
// search (`websearch_to_tsquery`, GIN indexes, `ts_rank`, `ts_headline`), the same on PGlite and Postgres.
// Who may read what is part of the query (readable.ts), so the total and every page are counted among
// readable things only: nothing tells that a hidden document matched.
import { inArray, sql, type SQL } from 'drizzle-orm';
import { can, readScope, type Actor } from '../../domain/permissions.ts';
import { searchQuery, type SearchKind, type SearchQuery } from '../../domain/validation/search.ts';
import { parseInput } from '../../domain/validation/parse.ts';
import { rowsOf, type Db } from '../db/client.ts';
import { coachingCycles, plcGroups, users } from '../db/schema.ts';
import type { Person, SearchJson, SearchResultJson } from '../../domain/search-result.ts';
import { splitSnippet, SNIPPET_OPTIONS } from './snippet.ts';
import { readableCycleContent, readableDocument } from './readable.ts';

interface Hit {
	total: number;
	type: 'document' | 'cycle' | null;
	id: string;
	kind: string;
	title: string;
	cycle_id: string | null;
	plc_id: string | null;
	updated_at: string | Date;
	updated_by: string | null;
	archived: boolean;
	headline: string | null;
}

export function parseSearchQuery(raw: unknown): SearchQuery {
	return parseInput(searchQuery, raw);
}

/** The page of matches `query` asks for, among what `actor` may read in the workspace. */
export async function searchWorkspace(
	db: Db,
	actor: Actor,
	workspaceId: string,
	query: SearchQuery
): Promise<SearchJson> {
	const empty: SearchJson = {
		query: query.q,
		total: 0,
		offset: query.offset,
		limit: query.limit,
		results: []
	};
	const scope = readScope(actor, workspaceId);
	if (!scope || query.q === '') return empty;
	const hits = rowsOf<Hit>(await db.execute(searchStatement(scope, workspaceId, query)));
	const total = Number(hits[0]?.total ?? 0);
	const page = hits.filter((hit) => hit.type !== null);
	return { ...empty, total, results: await present(db, actor, workspaceId, page) };
}

function searchStatement(
	scope: NonNullable<ReturnType<typeof readScope>>,
	workspaceId: string,
	query: SearchQuery
) {
	const documentFilters: SQL[] = [sql`s.vector @@ query.tsq`, sql`d.workspace_id = ${workspaceId}`];
	const cycleFilters: SQL[] = [sql`${cycleVector} @@ query.tsq`, sql`c.workspace_id = ${workspaceId}`];
	if (query.kind && query.kind !== 'cycle') documentFilters.push(sql`d.kind = ${query.kind}`);
	if (query.teacherId) {
		documentFilters.push(
			sql`d.cycle_id in (select id from "coaching_cycles" where teacher_id = ${query.teacherId})`
		);
		cycleFilters.push(sql`c.teacher_id = ${query.teacherId}`);
	}
	if (query.cycleId) {
		documentFilters.push(sql`d.cycle_id = ${query.cycleId}`);
		cycleFilters.push(sql`c.id = ${query.cycleId}`);
	}
	// Dates are the workspace's calendar days, as every date on its pages.
	const day = (column: SQL) => sql`(${column} at time zone query.zone)::date`;
	if (query.from) {
		documentFilters.push(sql`${day(sql`d.updated_at`)} >= ${query.from}::date`);
		cycleFilters.push(sql`${day(sql`c.updated_at`)} >= ${query.from}::date`);
	}
	if (query.to) {
		documentFilters.push(sql`${day(sql`d.updated_at`)} <= ${query.to}::date`);
		cycleFilters.push(sql`${day(sql`c.updated_at`)} <= ${query.to}::date`);
	}
	const documentHits = sql`select 'document' as type, d.id, d.kind, s.title, d.cycle_id, d.plc_id, d.updated_at,
			d.updated_by, d.archived_at is not null as archived, ts_rank(s.vector, query.tsq, 1) as rank
		from "document_search" s join "documents" d on d.id = s.document_id, query
		where ${sql.join(documentFilters, sql` and `)} and ${readableDocument(scope)}`;
	const cycleHits = sql`select 'cycle' as type, c.id, 'cycle' as kind, c.title, c.id as cycle_id, null as plc_id,
			c.updated_at, null as updated_by, c.archived_at is not null as archived,
			ts_rank(${cycleVector}, query.tsq, 1) as rank
		from "coaching_cycles" c, query
		where ${sql.join(cycleFilters, sql` and `)} and ${readableCycleContent(scope)}`;
	const hits =
		query.kind === 'cycle'
			? cycleHits
			: query.kind
				? documentHits
				: sql`${documentHits} union all ${cycleHits}`;
	// One row even when the page is empty, so the total comes back with it. The snippet is made for the
	// page's rows only: ts_headline reads the whole text.
	return sql`with query as (
			select websearch_to_tsquery('english', ${query.q}) as tsq,
				(select time_zone from "workspaces" where id = ${workspaceId}) as zone
		),
		hits as (${hits}),
		page as (select * from hits order by rank desc, updated_at desc, id limit ${query.limit} offset ${query.offset})
		select (select count(*) from hits)::int as total, page.type, page.id, page.kind, page.title, page.cycle_id,
			page.plc_id, page.updated_at, page.updated_by, page.archived,
			ts_headline('english', case page.type
					when 'document' then (select body from "document_search" where document_id = page.id)
					else (select focus from "coaching_cycles" where id = page.id) end,
				query.tsq, ${SNIPPET_OPTIONS}) as headline
		from query left join page on true
		order by page.rank desc, page.updated_at desc, page.id`;
}

/** The expression the cycles' GIN index is built on (schema.ts `cycles_search_idx`): the same, or it is not used. */
const cycleVector = sql`to_tsvector('english', c.title || ' ' || c.focus)`;

/** Names for the page's rows: people, cycles (their title only for those who read the cycle) and groups. */
async function present(db: Db, actor: Actor, workspaceId: string, page: Hit[]): Promise<SearchResultJson[]> {
	if (page.length === 0) return [];
	const cycleIds = [...new Set(page.flatMap((hit) => (hit.cycle_id ? [hit.cycle_id] : [])))];
	const plcIds = [...new Set(page.flatMap((hit) => (hit.plc_id ? [hit.plc_id] : [])))];
	const cycles = cycleIds.length
		? await db
				.select({
					id: coachingCycles.id,
					title: coachingCycles.title,
					coachId: coachingCycles.coachId,
					teacherId: coachingCycles.teacherId
				})
				.from(coachingCycles)
				.where(inArray(coachingCycles.id, cycleIds))
		: [];
	const personIds = [
		...new Set([
			...cycles.flatMap((c) => [c.coachId, c.teacherId]),
			...page.flatMap((hit) => (hit.updated_by ? [hit.updated_by] : []))
		])
	];
	const [people, plcs] = await Promise.all([
		personIds.length
			? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, personIds))
			: [],
		plcIds.length
			? db
					.select({ id: plcGroups.id, name: plcGroups.name })
					.from(plcGroups)
					.where(inArray(plcGroups.id, plcIds))
			: []
	]);
	const personById = new Map(people.map((p) => [p.id, p]));
	const cycleById = new Map(cycles.map((c) => [c.id, c]));
	const plcById = new Map(plcs.map((p) => [p.id, p]));
	return page.map((hit): SearchResultJson => {
		const cycle = hit.cycle_id ? cycleById.get(hit.cycle_id) : undefined;
		const teacher = cycle ? (personById.get(cycle.teacherId) ?? null) : null;
		const coach = cycle ? personById.get(cycle.coachId) : undefined;
		const readsCycle =
			cycle !== undefined &&
			can(actor, 'read_content', {
				type: 'cycle',
				workspaceId,
				coachId: cycle.coachId,
				teacherId: cycle.teacherId
			});
		return {
			type: hit.type === 'cycle' ? 'cycle' : 'document',
			id: hit.id,
			kind: hit.kind as SearchKind,
			title: hit.title,
			cycleId: hit.cycle_id,
			cycleName: cycle
				? readsCycle
					? cycle.title
					: `${coach?.name ?? 'A coach'} coaching ${teacher?.name ?? 'a teacher'}`
				: null,
			teacher,
			plc: hit.plc_id ? (plcById.get(hit.plc_id) ?? null) : null,
			updatedAt: new Date(hit.updated_at).toISOString(),
			updatedBy: hit.updated_by ? (personById.get(hit.updated_by) ?? null) : null,
			archived: hit.archived,
			snippet: splitSnippet(hit.headline ?? '')
		};
	});
}

export interface SearchChoices {
	/** The cycles whose content the person reads, to narrow a search to one. */
	cycles: { id: string; title: string; teacherId: string }[];
	/** The teachers of those cycles. */
	teachers: Person[];
}

/** What the search form offers to filter by: only the person's own cycles and their teachers. */
export async function searchChoices(db: Db, actor: Actor, workspaceId: string): Promise<SearchChoices> {
	const scope = readScope(actor, workspaceId);
	if (!scope) return { cycles: [], teachers: [] };
	const rows = rowsOf<{ id: string; title: string; teacher_id: string; teacher_name: string }>(
		await db.execute(sql`select c.id, c.title, c.teacher_id, u.name as teacher_name
			from "coaching_cycles" c join "users" u on u.id = c.teacher_id
			where c.workspace_id = ${workspaceId} and ${readableCycleContent(scope)}
			order by c.updated_at desc`)
	);
	const teachers = new Map(rows.map((r) => [r.teacher_id, { id: r.teacher_id, name: r.teacher_name }]));
	return {
		cycles: rows.map((r) => ({ id: r.id, title: r.title, teacherId: r.teacher_id })),
		teachers: [...teachers.values()].sort((a, b) => a.name.localeCompare(b.name))
	};
}
