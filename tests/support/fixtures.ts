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
