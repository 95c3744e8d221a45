// Comments are written by the server (a reader who may comment has a read-only editor), so each action is a
// request; the document then brings the change back to everyone live.

/** Sends a JSON request; the person-readable error, or null when it went through. */
export async function sendComment(
	url: string,
	method: 'POST' | 'PATCH',
	body: unknown
): Promise<string | null> {
	try {
		const response = await fetch(url, {
			method,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		if (response.ok) return null;
		const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
		return answer?.error?.message ?? 'That did not go through. Try again.';
	} catch {
		return 'You are offline: try again once the network is back.';
	}
}

/** The people still named in the text: a name whose "@name" was deleted is not notified. */
export function mentionsIn(text: string, picked: readonly { id: string; name: string }[]): string[] {
	return [...new Set(picked.filter((person) => text.includes(`@${person.name}`)).map((person) => person.id))];
}
