// Factories for a workspace with the people and documents of a coaching cycle.
import { inviteAndJoin, signUp, type SignedUp } from './http-client.ts';

export interface CoachingSetup {
	adminCoach: SignedUp;
	teacher: SignedUp;
	principal: SignedUp;
	otherTeacher: SignedUp;
	cycleId: string;
	goalId: string;
}

export async function buildCoachingCycle(baseUrl: string): Promise<CoachingSetup> {
	const adminCoach = await signUp(baseUrl, { name: 'Casey Coach', workspace: 'Riverside Elementary' });
	const teacher = await inviteAndJoin(adminCoach, ['teacher'], 'Taylor Teacher');
	const principal = await inviteAndJoin(adminCoach, ['admin'], 'Pat Principal');
	const otherTeacher = await inviteAndJoin(adminCoach, ['teacher'], 'Olive Other');
	const cycle = await adminCoach.client.json<{ id: string; documents: { id: string; kind: string }[] }>(
		`/api/v1/workspaces/${adminCoach.workspaceId}/cycles`,
		{
			method: 'POST',
			body: { teacherId: teacher.user.id, title: 'Student discourse', focus: 'Open questions' }
		}
	);
	if (cycle.status !== 201) throw new Error(`cycle: ${JSON.stringify(cycle.body)}`);
	// A cycle starts with its goal document.
	const goal = cycle.body.documents.find((d) => d.kind === 'goal');
	if (!goal) throw new Error(`cycle without a goal: ${JSON.stringify(cycle.body)}`);
	return { adminCoach, teacher, principal, otherTeacher, cycleId: cycle.body.id, goalId: goal.id };
}

export async function createWorkspaceDocument(owner: SignedUp, title = 'Staff notes'): Promise<string> {
	const created = await owner.client.json<{ id: string }>(
		`/api/v1/workspaces/${owner.workspaceId}/documents`,
		{
			method: 'POST',
			body: { kind: 'note', title }
		}
	);
	if (created.status !== 201) throw new Error(`could not create a document: ${JSON.stringify(created.body)}`);
	return created.body.id;
}

/**
 * Waits until Hocuspocus' store has run for a document that an editor changed: the store's last hook names
 * the editor on the document, so once the list shows one, every store hook before it has finished.
 */
export async function storedWithEditor(
	owner: SignedUp,
	documentId: string,
	timeoutMs = 15_000
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const listed = await owner.client.json<{ documents: { id: string; updatedBy: unknown }[] }>(
			`/api/v1/workspaces/${owner.workspaceId}/documents`
		);
		if (listed.body.documents.find((d) => d.id === documentId)?.updatedBy) return;
		if (Date.now() > deadline) throw new Error(`document ${documentId} was never stored with its editor`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}
