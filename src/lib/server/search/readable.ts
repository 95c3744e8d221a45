// `can()`'s read rules as SQL conditions, for queries that select what a person may read in the database
// (search) instead of filtering a page of rows afterwards: a count or an offset computed before the
// filter would tell that hidden documents exist. The rules are `readScope()`'s (src/lib/domain/permissions.ts);
// tests/integration/search-permissions.test.ts holds these conditions to `can()` for a whole school.
import { sql, type SQL } from 'drizzle-orm';
import type { ReadScope } from '../../domain/permissions.ts';

/**
 * Whether the `documents` row aliased `d` is one the scope's person may read, as `can(actor, 'read', …)`
 * decides: a cycle document (its cycle in the same workspace) for the pair, less the teacher while the
 * coach's notes are sealed, and for the people it is shared with; a PLC document for the members and the
 * people it is shared with; a workspace document for everyone.
 */
export function readableDocument(scope: ReadScope): SQL {
	const me = scope.userId;
	const shared = sql`exists (select 1 from "document_shares" s where s.document_id = d.id and s.user_id = ${me})`;
	const sealed = sql`(d.audience = 'coach' and d.revealed_at is null)`;
	const asCoach = scope.readsAsCoach ? sql`c.coach_id = ${me}` : sql`false`;
	return sql`(
		(d.cycle_id is not null and exists (
			select 1 from "coaching_cycles" c
			where c.id = d.cycle_id and c.workspace_id = d.workspace_id
				and ((c.teacher_id = ${me} and not ${sealed}) or ${asCoach} or ${shared})
		))
		or (d.cycle_id is null and d.plc_id is not null and (
			exists (select 1 from "plc_members" m where m.plc_id = d.plc_id and m.user_id = ${me}) or ${shared}
		))
		or (d.cycle_id is null and d.plc_id is null)
	)`;
}

/** Whether the `coaching_cycles` row aliased `c` is one whose content (title, focus) the person reads. */
export function readableCycleContent(scope: ReadScope): SQL {
	const asCoach = scope.readsAsCoach ? sql`c.coach_id = ${scope.userId}` : sql`false`;
	return sql`(c.teacher_id = ${scope.userId} or ${asCoach})`;
}
