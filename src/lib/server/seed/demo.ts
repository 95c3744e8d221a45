// The demo school: what `npm start` serves on an empty embedded database (docs/design.md §6).
import { eq, sql } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords.ts';
import type { Db } from '../db/client.ts';
import * as Y from 'yjs';
import { addActionStep } from '../../domain/action-steps.ts';
import { addDays } from '../../domain/calendar-date.ts';
import { addMeasurement, setGoalField, setPeers } from '../../domain/goal-document.ts';
import { seedDefaultPhases } from '../../domain/protocol.ts';
import { documentTemplates } from '../../domain/templates.ts';
import {
	activities,
	activityParticipants,
	coachingCycles,
	cycleStageEvents,
	documentSnapshots,
	documents,
	memberships,
	plcGroups,
	plcMembers,
	users,
	workspaces
} from '../db/schema.ts';
import { buildDocumentState } from '../documents/content.ts';
import { indexNewDocument } from '../search/search-index.ts';
import { deriveDocumentRecords } from '../documents/derived-records.ts';
import { newId } from '../ids.ts';
import type { Role } from '../../domain/roles.ts';

export const DEMO_PASSWORD = 'tandem-demo-2026';
const DEMO_TIME_ZONE = 'America/Chicago';
const DAY_MS = 24 * 60 * 60 * 1000;

// The demo is always "now": its cycle started three weeks before the day it was seeded.
const day = (offset: number) => addDays(new Date().toISOString().slice(0, 10), offset);
/** `offset` days from today at `hour`:00 UTC (morning and afternoon in the Americas). */
const at = (offset: number, hour: number) => {
	const date = new Date(Date.now() + offset * DAY_MS);
	date.setUTCHours(hour + 6, 0, 0, 0);
	return date;
};

/** Dashboards read derived rows; the seed writes documents directly, so it derives them once. */
async function deriveSeededRecords(db: Db, workspaceId: string): Promise<void> {
	const rows = await db
		.select({ id: documents.id, state: documentSnapshots.state })
		.from(documents)
		.innerJoin(documentSnapshots, eq(documentSnapshots.documentId, documents.id))
		.where(eq(documents.workspaceId, workspaceId));
	for (const row of rows) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, row.state);
		await deriveDocumentRecords(db, row.id, doc);
		doc.destroy();
	}
}

interface DemoPerson {
	name: string;
	email: string;
	roles: Role[];
}

const people: DemoPerson[] = [
	{ name: 'Alex Rivera', email: 'admin@riverside.example', roles: ['admin'] },
	{ name: 'Casey Morgan', email: 'casey.coach@riverside.example', roles: ['coach'] },
	{ name: 'Jordan Lee', email: 'jordan.coach@riverside.example', roles: ['coach'] },
	{ name: 'Taylor Brooks', email: 'taylor@riverside.example', roles: ['teacher'] },
	{ name: 'Sam Patel', email: 'sam@riverside.example', roles: ['teacher'] },
	{ name: 'Riley Chen', email: 'riley@riverside.example', roles: ['teacher'] },
	{ name: 'Morgan Diaz', email: 'morgan@riverside.example', roles: ['teacher'] }
];

export interface DemoLogin {
	role: string;
	name: string;
	email: string;
	password: string;
}

/** Seeds the demo school when the database has no users yet; returns the logins, or null when it did nothing. */
export async function seedDemoIfEmpty(db: Db): Promise<DemoLogin[] | null> {
	const [{ count } = { count: 0 }] = await db
		.select({ count: sql<number>`count(*)`.mapWith(Number) })
		.from(users);
	if (count > 0) return null;
	return seedDemo(db);
}

export async function seedDemo(db: Db): Promise<DemoLogin[]> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const workspaceId = newId();
	const ids = new Map(people.map((p) => [p.email, newId()]));
	const id = (email: string) => ids.get(email) as string;
	const coach = id('casey.coach@riverside.example');
	const teacher = id('taylor@riverside.example');

	await db.transaction(async (tx) => {
		await tx
			.insert(workspaces)
			.values({ id: workspaceId, name: 'Riverside Elementary', timeZone: DEMO_TIME_ZONE });
		await tx
			.insert(users)
			.values(people.map((p) => ({ id: id(p.email), name: p.name, email: p.email, passwordHash })));
		await tx
			.insert(memberships)
			.values(people.map((p) => ({ workspaceId, userId: id(p.email), roles: p.roles })));

		const cycleId = newId();
		await tx.insert(coachingCycles).values({
			id: cycleId,
			workspaceId,
			coachId: coach,
			teacherId: teacher,
			title: 'Raising the level of student discourse',
			focus: 'Open-ended questions in 4th-grade math talks',
			stage: 'learn',
			status: 'active',
			requestedBy: coach,
			startDate: day(-21),
			targetDate: day(42)
		});
		await tx.insert(cycleStageEvents).values([
			{
				id: newId(),
				cycleId,
				fromStage: null,
				toStage: 'identify',
				actorId: coach,
				note: 'Cycle started.',
				at: at(-21, 15)
			},
			{
				id: newId(),
				cycleId,
				fromStage: 'identify',
				toStage: 'learn',
				actorId: teacher,
				note: 'Baseline done: 4 of 26 explain their thinking. Goal agreed.',
				at: at(-10, 16)
			}
		]);
		const demoActivities = [
			{
				type: 'pre_conference',
				title: 'Pre-conference: baseline math talk',
				start: at(-16, 15),
				minutes: 30
			},
			{ type: 'observation', title: 'Baseline observation: math talk', start: at(-14, 9), minutes: 45 },
			{ type: 'debrief', title: 'Debrief: baseline', start: at(-13, 15), minutes: 30 },
			{ type: 'modeling', title: 'Model lesson: talk moves', start: at(-3, 10), minutes: 45 },
			{ type: 'co_planning', title: 'Co-plan the number-line lesson', start: at(1, 15), minutes: 45 },
			{ type: 'observation', title: 'Observe the number-line lesson', start: at(3, 9), minutes: 45 }
		] as const;
		for (const activity of demoActivities) {
			const activityId = newId();
			await tx.insert(activities).values({
				id: activityId,
				workspaceId,
				cycleId,
				type: activity.type,
				title: activity.title,
				startsAt: activity.start,
				durationMinutes: activity.minutes,
				location: 'Room 14',
				createdBy: coach
			});
			await tx
				.insert(activityParticipants)
				.values([coach, teacher].map((userId) => ({ activityId, userId })));
		}
		const plcId = newId();
		await tx
			.insert(plcGroups)
			.values({ id: plcId, workspaceId, name: '4th Grade Math PLC', facilitatorId: coach });
		await tx.insert(plcMembers).values(
			[coach, teacher, id('sam@riverside.example'), id('riley@riverside.example')].map((userId) => ({
				plcId,
				userId
			}))
		);

		const seeded = [
			{
				kind: 'goal',
				title: 'Goal: more students explain their thinking',
				cycleId,
				plcId: null,
				createdBy: coach,
				fill: (doc: Y.Doc) => {
					setGoalField(doc, 'statement', 'More students explain their reasoning aloud in math talks.');
					setGoalField(
						doc,
						'metric',
						'Students who explain their reasoning in a 10-minute math talk (of 26)'
					);
					setGoalField(doc, 'baseline', 4);
					setGoalField(doc, 'target', 15);
					setGoalField(doc, 'due', day(42));
					for (const key of ['powerful', 'easy', 'studentFocused'] as const) setPeers(doc, key, true);
					addMeasurement(doc, { date: day(-14), value: 4, note: 'Baseline observation', source: 'manual' });
					addMeasurement(doc, { date: day(-3), value: 7, note: 'During the model lesson', source: 'manual' });
					addActionStep(doc, { text: 'Post the talk-move sentence stems', ownerId: teacher, due: day(-1) });
					addActionStep(doc, { text: 'Bring the number-line lesson draft', ownerId: teacher, due: day(1) });
					addActionStep(doc, { text: 'Share the wait-time article', ownerId: coach, due: day(4) });
				},
				blocks: [
					{ type: 'heading', level: 2, text: 'Where we are' },
					{
						type: 'paragraph',
						text: 'In the baseline observation, 4 of 26 students explained their reasoning aloud.'
					},
					{ type: 'heading', level: 2, text: 'Where we want to be' },
					{
						type: 'paragraph',
						text: 'By the end of the unit, at least 15 of 26 students explain their reasoning in a math talk.'
					}
				]
			},
			{
				kind: 'plc_notes',
				title: 'PLC agenda: fractions unit planning',
				cycleId: null,
				plcId,
				createdBy: coach,
				blocks: [
					{ type: 'heading', level: 2, text: 'Agenda' },
					{ type: 'paragraph', text: 'Look at student work from the fractions pre-assessment.' },
					{ type: 'paragraph', text: 'Agree on two common misconceptions to plan around.' }
				]
			},
			{
				kind: 'protocol',
				title: 'Looking at student work: fractions',
				cycleId: null,
				plcId,
				createdBy: coach,
				template: 'plc_protocol',
				fill: seedDefaultPhases,
				blocks: documentTemplates.plc_protocol.blocks
			},
			{
				kind: 'note',
				title: 'Welcome to Tandem',
				cycleId: null,
				plcId: null,
				createdBy: id('admin@riverside.example'),
				blocks: [
					{ type: 'heading', level: 2, text: 'Welcome' },
					{ type: 'paragraph', text: 'Everyone at Riverside can read and edit this page together.' }
				]
			}
		] as const;
		for (const doc of seeded) {
			const documentId = newId();
			await tx.insert(documents).values({
				id: documentId,
				workspaceId,
				cycleId: doc.cycleId,
				plcId: doc.plcId,
				kind: doc.kind,
				title: doc.title,
				createdBy: doc.createdBy,
				template: 'template' in doc ? doc.template : null
			});
			const state = buildDocumentState(doc.kind, [...doc.blocks], 'fill' in doc ? doc.fill : undefined);
			await tx
				.insert(documentSnapshots)
				.values({ documentId, state, throughSeq: 0, byteSize: state.byteLength });
			await indexNewDocument(tx, documentId, doc.title, state);
		}
	});

	await deriveSeededRecords(db, workspaceId);
	return people.map((p) => ({
		role: p.roles.join('+'),
		name: p.name,
		email: p.email,
		password: DEMO_PASSWORD
	}));
}
