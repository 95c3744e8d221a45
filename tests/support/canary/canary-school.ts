// A school for the canary crawl, built through the real API, forms and socket: a coach and two teachers, an
// admin-only member, an admin who also coaches a third teacher, a PLC, and a member of another school. The
// coach and their first teacher (the pair) write a canary word into every content field they can reach;
// the other cycles carry canaries of their own, so a crawl also proves one cycle never shows another's.
import * as Y from 'yjs';
import { addActionStep } from '../../../src/lib/domain/action-steps.ts';
import { addMeasurement, setGoalField } from '../../../src/lib/domain/goal-document.ts';
import { addNote, addTool } from '../../../src/lib/domain/observation/write.ts';
import { addPhase } from '../../../src/lib/domain/protocol.ts';
import { connectSynced } from '../collab-client.ts';
import { inviteAndJoin, signUp, type HttpClient, type SignedUp } from '../http-client.ts';
import { CanaryBook } from './canary-book.ts';

export const PEOPLE = [
	'coach',
	'teacher',
	'teacher2',
	'admin',
	'adminCoach',
	'teacher3',
	'formerCoach',
	'outsider'
] as const;
export type Person = (typeof PEOPLE)[number];

/** Every id the school holds, by the kind of resource it names: the crawl fills route parameters from these. */
export type IdKind =
	'workspace' | 'cycle' | 'document' | 'plc' | 'activity' | 'release' | 'user' | 'version' | 'token';

export interface CanarySchool {
	book: CanaryBook;
	people: Record<Person, SignedUp>;
	ids: Map<IdKind, Set<string>>;
	/** Each person's secret iCalendar address (path only). */
	calendarFeeds: Partial<Record<Person, string>>;
	/** How many writes carried a canary (API calls, form posts, socket transactions). */
	writes: number;
	/** Resources later tests write into again. */
	landmarks: {
		workspaceId: string;
		/** The coach's second cycle, with the second teacher: still open. */
		secondCycleId: string;
		secondGoalId: string;
		plcId: string;
		plcNotesId: string;
		protocolId: string;
	};
}

const PAIR: Person[] = ['coach', 'teacher'];

interface Created {
	id: string;
}

async function ok<T>(
	what: string,
	call: Promise<{ status: number; body: T }>,
	expected: number[] = [200, 201]
): Promise<T> {
	const { status, body } = await call;
	if (!expected.includes(status)) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
	return body;
}

async function form(client: HttpClient, what: string, path: string, fields: Record<string, string>) {
	const response = await client.postForm(path, fields);
	const text = await response.text();
	// A form action answers 303 on success, or 200 with its page; a failure is 400 with the form's message.
	if (response.status !== 303 && response.status !== 200)
		throw new Error(`${what}: ${response.status} ${text.slice(0, 500)}`);
	return response;
}

function paragraph(text: string): Y.XmlElement {
	const element = new Y.XmlElement('paragraph');
	element.insert(0, [new Y.XmlText(text)]);
	return element;
}

export async function buildCanarySchool(baseUrl: string, wsUrl: string): Promise<CanarySchool> {
	const book = new CanaryBook();
	const ids = new Map<IdKind, Set<string>>();
	const remember = (kind: IdKind, id: string | undefined | null) => {
		if (!id) return;
		const set = ids.get(kind) ?? new Set<string>();
		set.add(id);
		ids.set(kind, set);
	};
	let writes = 0;
	const write = <T>(what: string, call: Promise<{ status: number; body: T }>, expected?: number[]) => {
		writes += 1;
		return ok(what, call, expected);
	};

	// People. The founder of a workspace is its admin and a coach.
	const adminCoach = await signUp(baseUrl, {
		name: 'Avery Principal-Coach',
		workspace: 'Riverside Elementary'
	});
	const coach = await inviteAndJoin(adminCoach, ['coach'], 'Casey Coach');
	const teacher = await inviteAndJoin(adminCoach, ['teacher'], 'Taylor Teacher');
	const teacher2 = await inviteAndJoin(adminCoach, ['teacher'], 'Toni Second');
	const teacher3 = await inviteAndJoin(adminCoach, ['teacher'], 'Terry Third');
	const admin = await inviteAndJoin(adminCoach, ['admin'], 'Pat Admin');
	// A coach of the third teacher too, until the admin takes the coach role away (below).
	const formerCoach = await inviteAndJoin(adminCoach, ['coach', 'teacher'], 'Frankie Former');
	const outsider = await signUp(baseUrl, { name: 'Olive Outsider', workspace: 'Hillside Middle' });
	const people: Record<Person, SignedUp> = {
		coach,
		teacher,
		teacher2,
		admin,
		adminCoach,
		teacher3,
		formerCoach,
		outsider
	};
	for (const person of Object.values(people)) remember('user', person.user.id);
	remember('workspace', adminCoach.workspaceId);
	remember('workspace', outsider.workspaceId);
	const workspaceId = adminCoach.workspaceId as string;

	const socketWrite = async (who: SignedUp, documentId: string, change: (doc: Y.Doc) => void) => {
		const client = await connectSynced(wsUrl, documentId, who.client.cookieHeader);
		try {
			change(client.doc);
			await client.allSaved();
			writes += 1;
		} finally {
			client.destroy();
		}
	};
	const bodyWrite = (who: SignedUp, documentId: string, field: string, readers: Person[]) =>
		socketWrite(who, documentId, (doc) => {
			const body = doc.getXmlFragment('body');
			body.insert(body.length, [paragraph(`Written about teaching: ${book.mint(field, readers)}.`)]);
		});
	const stepWrite = (
		who: SignedUp,
		documentId: string,
		field: string,
		readers: Person[],
		ownerId: string | null
	) =>
		socketWrite(who, documentId, (doc) => {
			addActionStep(doc, { text: `Try ${book.mint(field, readers)}`, ownerId, due: '2026-01-05' });
		});

	// The pair's cycle, started through the form a coach uses.
	const started = await form(coach.client, 'start a cycle (form)', '/cycles?/start', {
		teacherId: teacher.user.id,
		title: `Discourse ${book.mint('cycle.title', PAIR)}`,
		focus: `Open questions ${book.mint('cycle.focus', PAIR)}`,
		startDate: '',
		targetDate: ''
	});
	writes += 1;
	const cycleId = (started.headers.get('location') ?? '').split('/').pop() ?? '';
	if (!/^[0-9a-f-]{36}$/.test(cycleId)) throw new Error(`the start form did not lead to a cycle: ${cycleId}`);
	remember('cycle', cycleId);
	const cycleUrl = `/api/v1/cycles/${cycleId}`;
	const cycle = await ok(
		'read the cycle',
		coach.client.json<{ documents: { id: string; kind: string }[] }>(cycleUrl)
	);
	const goalId = cycle.documents.find((d) => d.kind === 'goal')?.id ?? '';
	remember('document', goalId);

	// Stage notes: through the API (the coach) and through the page's form (the teacher).
	await write(
		'stage forward (API)',
		coach.client.json(`${cycleUrl}/stage`, {
			method: 'POST',
			body: { stage: 'learn', note: `Moving on: ${book.mint('stage.note.api', PAIR)}` }
		})
	);
	await form(teacher.client, 'stage forward (form)', `/cycles/${cycleId}?/stage`, {
		stage: 'improve',
		note: `Ready: ${book.mint('stage.note.form', PAIR)}`
	});
	writes += 1;

	// The goal: its fields, a measurement's note, its body, an action step and a comment.
	await socketWrite(teacher, goalId, (doc) => {
		setGoalField(doc, 'statement', `Students ${book.mint('goal.statement', PAIR)} explain`);
		setGoalField(doc, 'metric', `Share ${book.mint('goal.metric', PAIR)}`);
		setGoalField(doc, 'baseline', 4);
		setGoalField(doc, 'target', 20);
		addMeasurement(doc, {
			date: '2025-12-01',
			value: 6,
			note: `Counted ${book.mint('goal.measurement.note', PAIR)}`,
			source: 'manual'
		});
	});
	await bodyWrite(coach, goalId, 'goal.body', PAIR);
	await stepWrite(teacher, goalId, 'goal.actionStep', PAIR, teacher.user.id);
	await write(
		'comment',
		teacher.client.json(`/api/v1/documents/${goalId}/comments`, {
			method: 'POST',
			body: { text: `A thought: ${book.mint('comment.text', PAIR)}` }
		})
	);
	// A thread on a passage of the body (its quote is content too), naming the coach, and a reply.
	const thread = await write(
		'anchored comment',
		teacher.client.json<Created>(`/api/v1/documents/${goalId}/comments`, {
			method: 'POST',
			body: {
				text: `On this passage: ${book.mint('comment.anchored', PAIR)}`,
				anchor: { quote: 'Written about teaching', offset: 0 },
				mentions: [coach.user.id]
			}
		})
	);
	await write(
		'comment reply',
		coach.client.json(`/api/v1/documents/${goalId}/comments/${thread.id}/replies`, {
			method: 'POST',
			body: { text: `Replying: ${book.mint('comment.reply', PAIR)}` }
		})
	);

	// A lesson plan (title through the API, renamed through the documents page's form), a version name.
	const lessonPlan = await write(
		'lesson plan',
		coach.client.json<Created>(`${cycleUrl}/documents`, {
			method: 'POST',
			body: {
				kind: 'lesson_plan',
				template: 'lesson_plan',
				title: `Plan ${book.mint('document.title.api', PAIR)}`
			}
		})
	);
	remember('document', lessonPlan.id);
	await bodyWrite(teacher, lessonPlan.id, 'lessonPlan.body', PAIR);
	await stepWrite(coach, lessonPlan.id, 'lessonPlan.actionStep', PAIR, null);
	const version = await write(
		'named version',
		teacher.client.json<Created>(`/api/v1/documents/${lessonPlan.id}/versions`, {
			method: 'POST',
			body: { name: `Before ${book.mint('version.name', PAIR)}` }
		})
	);
	remember('version', version.id);

	// A pre-conference document from its template, and a meeting document from the cycle page's form.
	const preConference = await write(
		'pre-conference',
		coach.client.json<Created>(`${cycleUrl}/documents`, {
			method: 'POST',
			body: { kind: 'meeting', template: 'pre_conference' }
		})
	);
	remember('document', preConference.id);
	await bodyWrite(coach, preConference.id, 'preConference.body', PAIR);
	await form(coach.client, 'rename (form)', '/documents?/rename', {
		documentId: preConference.id,
		title: `Before the lesson ${book.mint('document.title.form', PAIR)}`
	});
	writes += 1;
	await form(teacher.client, 'meeting notes (form)', `/cycles/${cycleId}?/createDocument`, {
		kind: 'meeting'
	});

	// Activities: one through the API, one through the form; the debrief opens its notes and the coach's
	// sealed notes, the observation opens a live observation document.
	const preConferenceActivity = await write(
		'activity (API)',
		coach.client.json<Created>(`${cycleUrl}/activities`, {
			method: 'POST',
			body: {
				type: 'pre_conference',
				startsAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
				durationMinutes: 30,
				title: `Plan ${book.mint('activity.title.api', PAIR)}`,
				location: `Room ${book.mint('activity.location.api', PAIR)}`,
				openNotes: true
			}
		})
	);
	remember('activity', preConferenceActivity.id);
	const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
	await form(coach.client, 'activity (form)', `/cycles/${cycleId}?/schedule`, {
		type: 'debrief',
		title: `Debrief ${book.mint('activity.title.form', PAIR)}`,
		location: `Library ${book.mint('activity.location.form', PAIR)}`,
		date: day,
		time: '15:00',
		durationMinutes: '30'
	});
	writes += 1;
	const observation = await write(
		'observation activity',
		coach.client.json<Created>(`${cycleUrl}/activities`, {
			method: 'POST',
			body: {
				type: 'observation',
				startsAt: new Date(Date.now() - 3_600_000).toISOString(),
				durationMinutes: 45,
				title: `Observe ${book.mint('activity.title.observation', PAIR)}`,
				openNotes: true
			}
		})
	);
	remember('activity', observation.id);

	interface ActivityBody {
		id: string;
		type: string;
		notesDocumentId: string | null;
	}
	const withActivities = await ok(
		'read activities',
		coach.client.json<{ activities: ActivityBody[]; documents: { id: string; kind: string }[] }>(cycleUrl)
	);
	const debrief = withActivities.activities.find((a) => a.type === 'debrief');
	if (!debrief) throw new Error('the scheduled debrief is missing');
	remember('activity', debrief.id);
	const opened = await write(
		'open the debrief notes',
		coach.client.json<{ documentId: string }>(`/api/v1/activities/${debrief.id}/notes`, { method: 'POST' })
	);
	const debriefDocId = opened.documentId;
	remember('document', debriefDocId);
	const preConferenceNotesId =
		withActivities.activities.find((a) => a.id === preConferenceActivity.id)?.notesDocumentId ?? '';
	const observationDocId =
		withActivities.activities.find((a) => a.id === observation.id)?.notesDocumentId ?? '';
	if (!preConferenceNotesId || !observationDocId) throw new Error('activity notes were not opened');
	remember('document', preConferenceNotesId);
	remember('document', observationDocId);
	const allDocuments = await ok(
		'read documents',
		coach.client.json<{ documents: { id: string; kind: string; template: string | null }[] }>(cycleUrl)
	);
	for (const d of allDocuments.documents) remember('document', d.id);
	const sealedId = allDocuments.documents.find((d) => d.template === 'coach_notes')?.id ?? '';
	if (!sealedId) throw new Error('the coach’s sealed notes were not created');

	await bodyWrite(coach, preConferenceNotesId, 'activityNotes.body', PAIR);
	await bodyWrite(teacher, debriefDocId, 'debrief.body', PAIR);
	await bodyWrite(coach, sealedId, 'coachNotes.sealed.body', ['coach']);
	await stepWrite(coach, sealedId, 'coachNotes.sealed.actionStep', ['coach'], teacher.user.id);
	await socketWrite(coach, observationDocId, (doc) => {
		const stamp = { at: new Date(), clock: 'server' as const };
		addTool(
			doc,
			{
				type: 'tally',
				label: `Questions ${book.mint('observation.tool.label', PAIR)}`,
				codes: [{ id: 'open', label: `Open ${book.mint('observation.tool.code', PAIR)}` }]
			},
			stamp
		);
		addNote(
			doc,
			{
				text: `Noticed ${book.mint('observation.note.text', PAIR)}`,
				tags: [`tag${book.mint('observation.note.tag', PAIR)}`],
				author: coach.user.id,
				authorName: 'Casey Coach'
			},
			stamp
		);
	});
	await bodyWrite(teacher, observationDocId, 'observation.body', PAIR);

	// Shared with the second teacher (read), and released to the admin as a frozen copy.
	const shared = await write(
		'a document to share',
		coach.client.json<Created>(`${cycleUrl}/documents`, {
			method: 'POST',
			body: { kind: 'lesson_plan', title: `Shared ${book.mint('shared.title', [...PAIR, 'teacher2'])}` }
		})
	);
	remember('document', shared.id);
	await bodyWrite(teacher, shared.id, 'shared.body', [...PAIR, 'teacher2']);
	await write(
		'share',
		teacher.client.json(`/api/v1/documents/${shared.id}/shares`, {
			method: 'POST',
			body: { userId: teacher2.user.id, access: 'read' }
		})
	);
	const releasable = await write(
		'a document to release',
		coach.client.json<Created>(`${cycleUrl}/documents`, {
			method: 'POST',
			body: { kind: 'lesson_plan', title: `Released ${book.mint('released.title', [...PAIR, 'admin'])}` }
		})
	);
	remember('document', releasable.id);
	await bodyWrite(teacher, releasable.id, 'released.body', [...PAIR, 'admin']);
	const release = await write(
		'release',
		teacher.client.json<Created>('/api/v1/releases', {
			method: 'POST',
			body: {
				documentIds: [releasable.id],
				recipientId: admin.user.id,
				note: `For you: ${book.mint('release.note', ['teacher', 'admin'])}`
			}
		})
	);
	remember('release', release.id);

	// A personal access token's name is the teacher's alone.
	const token = await write(
		'token',
		teacher.client.json<Created>('/api/v1/tokens', {
			method: 'POST',
			body: { name: `Laptop ${book.mint('token.name', ['teacher'])}` }
		})
	);
	remember('token', token.id);

	// The PLC: its name and description are the group's metadata (members and the school's stewards see the
	// group); what its members write is theirs.
	const PLC_VIEWERS: Person[] = ['coach', 'teacher', 'teacher2', 'admin', 'adminCoach'];
	const PLC_MEMBERS: Person[] = ['coach', 'teacher', 'teacher2'];
	const plc = await write(
		'PLC',
		coach.client.json<Created>(`/api/v1/workspaces/${workspaceId}/plcs`, {
			method: 'POST',
			body: {
				name: `Grade 4 ${book.mint('plc.name', PLC_VIEWERS)}`,
				description: `About ${book.mint('plc.description', PLC_VIEWERS)}`,
				memberIds: [coach.user.id, teacher.user.id, teacher2.user.id],
				facilitatorId: coach.user.id
			}
		})
	);
	remember('plc', plc.id);
	const plcNotes = await write(
		'PLC notes',
		teacher.client.json<Created>(`/api/v1/plcs/${plc.id}/documents`, {
			method: 'POST',
			body: { kind: 'plc_notes', title: `Notes ${book.mint('plc.document.title', PLC_MEMBERS)}` }
		})
	);
	remember('document', plcNotes.id);
	await bodyWrite(teacher, plcNotes.id, 'plc.notes.body', PLC_MEMBERS);
	await stepWrite(teacher, plcNotes.id, 'plc.actionStep', PLC_MEMBERS, teacher2.user.id);
	await write(
		'PLC comment',
		teacher2.client.json(`/api/v1/documents/${plcNotes.id}/comments`, {
			method: 'POST',
			body: { text: `Agreed ${book.mint('plc.comment', PLC_MEMBERS)}` }
		})
	);
	const protocol = await write(
		'PLC protocol',
		coach.client.json<Created>(`/api/v1/plcs/${plc.id}/documents`, {
			method: 'POST',
			body: { kind: 'protocol', template: 'plc_protocol' }
		})
	);
	remember('document', protocol.id);
	await socketWrite(coach, protocol.id, (doc) => {
		addPhase(doc, { name: `Phase ${book.mint('plc.protocol.phase', PLC_MEMBERS)}`, minutes: 5 });
	});

	// The coach's second cycle, and the admin-coach's cycle with the third teacher: each person crawling must
	// see neither unless it is theirs.
	const second = await write(
		'second cycle',
		coach.client.json<Created & { documents: { id: string; kind: string }[] }>(
			`/api/v1/workspaces/${workspaceId}/cycles`,
			{
				method: 'POST',
				body: {
					teacherId: teacher2.user.id,
					title: `Routines ${book.mint('cycle2.title', ['coach', 'teacher2'])}`,
					focus: `Transitions ${book.mint('cycle2.focus', ['coach', 'teacher2'])}`
				}
			}
		)
	);
	remember('cycle', second.id);
	const secondGoal = second.documents.find((d) => d.kind === 'goal')?.id ?? '';
	remember('document', secondGoal);
	await bodyWrite(teacher2, secondGoal, 'cycle2.goal.body', ['coach', 'teacher2']);
	const third = await write(
		'third cycle',
		adminCoach.client.json<Created & { documents: { id: string; kind: string }[] }>(
			`/api/v1/workspaces/${workspaceId}/cycles`,
			{
				method: 'POST',
				body: {
					teacherId: teacher3.user.id,
					title: `Feedback ${book.mint('cycle3.title', ['adminCoach', 'teacher3'])}`,
					focus: `Exit tickets ${book.mint('cycle3.focus', ['adminCoach', 'teacher3'])}`
				}
			}
		)
	);
	remember('cycle', third.id);
	const thirdGoal = third.documents.find((d) => d.kind === 'goal')?.id ?? '';
	remember('document', thirdGoal);
	await write(
		'third cycle stage',
		adminCoach.client.json(`/api/v1/cycles/${third.id}/stage`, {
			method: 'POST',
			body: { stage: 'learn', note: `Next ${book.mint('cycle3.stage.note', ['adminCoach', 'teacher3'])}` }
		})
	);
	await bodyWrite(teacher3, thirdGoal, 'cycle3.goal.body', ['adminCoach', 'teacher3']);

	// A coach who loses the coach role loses their cycles' content at once: what they wrote there is the
	// teacher's now.
	const fourth = await write(
		'fourth cycle',
		formerCoach.client.json<Created & { documents: { id: string; kind: string }[] }>(
			`/api/v1/workspaces/${workspaceId}/cycles`,
			{
				method: 'POST',
				body: {
					teacherId: teacher3.user.id,
					title: `Writing ${book.mint('cycle4.title', ['teacher3'])}`,
					focus: `Feedback ${book.mint('cycle4.focus', ['teacher3'])}`
				}
			}
		)
	);
	remember('cycle', fourth.id);
	const fourthGoal = fourth.documents.find((d) => d.kind === 'goal')?.id ?? '';
	remember('document', fourthGoal);
	await bodyWrite(formerCoach, fourthGoal, 'cycle4.goal.body', ['teacher3']);
	await form(adminCoach.client, 'take the coach role away (form)', '/members?/roles', {
		userId: formerCoach.user.id,
		roles: 'teacher'
	});

	// Derived rows (action steps, goal progress) are written when a document is stored: wait for them, so
	// dashboards are crawled with the canaries in them.
	const steps = book.all
		.filter((c) => c.field.endsWith('actionStep') && c.readers.has('coach') && !c.field.startsWith('plc'))
		.map((c) => c.word);
	const deadline = Date.now() + 20_000;
	for (;;) {
		const listed = await coach.client.request(`${cycleUrl}/action-steps`);
		const text = await listed.text();
		if (steps.every((word) => text.includes(word))) break;
		if (Date.now() > deadline)
			throw new Error(`action steps were not derived in time: ${text.slice(0, 300)}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}

	// Closing: the outcome is metadata, its notes are content; then the teacher's anonymous feedback, which
	// nobody reads until three teachers have answered.
	await write(
		'close',
		coach.client.json(`${cycleUrl}/close`, {
			method: 'POST',
			body: {
				outcome: 'partly_met',
				finalValue: 14,
				finalNote: `Final ${book.mint('close.finalNote', PAIR)}`,
				note: `Closing ${book.mint('close.note', PAIR)}`
			}
		})
	);
	await write(
		'feedback',
		teacher.client.json(`${cycleUrl}/feedback`, {
			method: 'POST',
			body: {
				ratings: { reachedGoal: 4, feltSafe: 5, goodUseOfTime: 4, wouldReturn: 5 },
				comment: `Thanks ${book.mint('feedback.comment', [], { unseen: true })}`
			}
		})
	);

	// Everyone's calendar address, so each person's own feed is crawled.
	const calendarFeeds: Partial<Record<Person, string>> = {};
	for (const person of PEOPLE) {
		const feed = await ok(
			`${person}'s calendar feed`,
			people[person].client.json<{ url: string }>('/api/v1/me/calendar-feed', { method: 'POST' })
		);
		calendarFeeds[person] = new URL(feed.url).pathname;
	}

	return {
		book,
		people,
		ids,
		calendarFeeds,
		writes,
		landmarks: {
			workspaceId,
			secondCycleId: second.id,
			secondGoalId: secondGoal,
			plcId: plc.id,
			plcNotesId: plcNotes.id,
			protocolId: protocol.id
		}
	};
}
