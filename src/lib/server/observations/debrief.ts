// After a demonstration lesson: one click makes the group debrief, a meeting document in the same cycle
// or PLC, seeded with the tool totals and highlights from each observer's lane. The observation records
// the debrief's id, so every observer gets the link, and a second click opens the same debrief.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { invalid } from '../../domain/errors.ts';
import { debriefBlocks, debriefTitle } from '../../format/observation-debrief.ts';
import { setDebriefId } from '../../domain/observation/write.ts';
import type { Db } from '../db/client.ts';
import { documents, users } from '../db/schema.ts';
import { createDocument, type DocumentRow } from '../documents/documents.ts';
import type { CollaborationControl } from '../runtime.ts';
import { workspaceClock } from '../workspaces/workspaces.ts';
import { loadObservation } from './load.ts';

export interface GroupDebrief {
	document: DocumentRow;
	created: boolean;
}

// Two observers clicking at once in one process make one debrief; the `source_document_id` lookup covers
// a click that comes later.
const inFlight = new Map<string, Promise<GroupDebrief>>();

export function createGroupDebrief(
	db: Db,
	collaboration: CollaborationControl,
	observation: DocumentRow,
	createdBy: string,
	nowMs: number = Date.now()
): Promise<GroupDebrief> {
	const running = inFlight.get(observation.id);
	if (running) return running.then((result) => ({ ...result, created: false }));
	const work = create(db, collaboration, observation, createdBy, nowMs).finally(() =>
		inFlight.delete(observation.id)
	);
	inFlight.set(observation.id, work);
	return work;
}

/** The debrief made from this observation before, if any (and not archived). */
async function existingDebrief(db: Db, observation: DocumentRow) {
	const [row] = await db
		.select()
		.from(documents)
		.where(
			and(
				eq(documents.workspaceId, observation.workspaceId),
				eq(documents.sourceDocumentId, observation.id),
				eq(documents.kind, 'meeting'),
				isNull(documents.archivedAt)
			)
		)
		.orderBy(asc(documents.createdAt))
		.limit(1);
	return row ?? null;
}

async function create(
	db: Db,
	collaboration: CollaborationControl,
	observation: DocumentRow,
	createdBy: string,
	nowMs: number
): Promise<GroupDebrief> {
	if (observation.kind !== 'observation') throw invalid('A group debrief follows an observation.');
	const { snapshot } = await loadObservation(collaboration, observation.id);
	// Found by what it was made from, never by the id in the document: that id is client-writable.
	const existing = await existingDebrief(db, observation);
	if (existing) {
		if (snapshot.session.debriefId !== existing.id) {
			await collaboration.change(observation.id, { userId: createdBy }, (doc) =>
				setDebriefId(doc, existing.id)
			);
		}
		return { document: existing, created: false };
	}

	const authorIds = [...new Set(snapshot.notes.map((note) => note.lane))];
	const names =
		authorIds.length > 0
			? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, authorIds))
			: [];
	const { timeZone } = await workspaceClock(db, observation.workspaceId);
	const document = await createDocument(db, {
		workspaceId: observation.workspaceId,
		cycleId: observation.cycleId,
		plcId: observation.plcId,
		kind: 'meeting',
		title: debriefTitle(observation.title),
		template: null,
		blocks: debriefBlocks(snapshot, {
			people: Object.fromEntries(names.map((n) => [n.id, n.name])),
			timeZone,
			nowMs
		}),
		sourceDocumentId: observation.id,
		createdBy
	});
	// When the link cannot be saved, the debrief exists all the same: the next click finds it by its source
	// and writes the link then.
	await collaboration.change(observation.id, { userId: createdBy }, (doc) => setDebriefId(doc, document.id));
	return { document, created: true };
}
