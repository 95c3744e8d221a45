// The demo school: what `npm start` serves on an empty embedded database (design §6).
import { sql } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords.ts';
import type { Db } from '../db/client.ts';
import {
	coachingCycles,
	documentSnapshots,
	documents,
	memberships,
	plcGroups,
	plcMembers,
	users,
	workspaces
} from '../db/schema.ts';
import { buildDocumentState } from '../documents/content.ts';
import { newId } from '../ids.ts';
import type { Role } from '../../domain/roles.ts';

export const DEMO_PASSWORD = 'tandem-demo-2026';

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
		await tx.insert(workspaces).values({ id: workspaceId, name: 'Riverside Elementary' });
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
			stage: 'identify'
		});
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
				createdBy: doc.createdBy
			});
			const state = buildDocumentState(doc.kind, [...doc.blocks]);
			await tx
				.insert(documentSnapshots)
				.values({ documentId, state, throughSeq: 0, byteSize: state.byteLength });
		}
	});

	return people.map((p) => ({
		role: p.roles.join('+'),
		name: p.name,
		email: p.email,
		password: DEMO_PASSWORD
	}));
}
