// The browser's side of version history: the JSON API under /api/v1/documents/:id/versions.
export type VersionReason = 'named' | 'last-editor-left' | 'interval' | 'before-restore';

export interface VersionSummary {
	id: string;
	name: string | null;
	reason: VersionReason | string;
	createdAt: string;
	createdBy: { id: string; name: string } | null;
}

export interface DiffLine {
	type: 'same' | 'added' | 'removed';
	text: string;
}

export interface VersionDetail {
	version: VersionSummary;
	text: string;
	diff: DiffLine[];
}

/** An API refusal, with the server's sentence for the person. */
export class VersionApiError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
		this.name = 'VersionApiError';
	}
}

type Fetch = typeof fetch;

const base = (documentId: string) => `/api/v1/documents/${encodeURIComponent(documentId)}/versions`;

async function request<T>(fetcher: Fetch, url: string, init?: RequestInit): Promise<T> {
	let response: Response;
	try {
		response = await fetcher(url, {
			...init,
			headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) }
		});
	} catch {
		throw new VersionApiError(0, 'Could not reach Tandem. Check your connection and try again.');
	}
	const body: unknown = await response.json().catch(() => null);
	if (!response.ok) {
		const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
		throw new VersionApiError(
			response.status,
			typeof message === 'string' ? message : `Something went wrong (${response.status}). Try again.`
		);
	}
	return body as T;
}

export async function listVersions(documentId: string, fetcher: Fetch = fetch): Promise<VersionSummary[]> {
	const body = await request<{ versions: VersionSummary[] }>(fetcher, base(documentId));
	return body.versions;
}

export async function nameVersion(documentId: string, name: string, fetcher: Fetch = fetch): Promise<string> {
	const body = await request<{ id: string }>(fetcher, base(documentId), {
		method: 'POST',
		body: JSON.stringify({ name })
	});
	return body.id;
}

export async function loadVersion(
	documentId: string,
	versionId: string,
	fetcher: Fetch = fetch
): Promise<VersionDetail> {
	return request<VersionDetail>(fetcher, `${base(documentId)}/${encodeURIComponent(versionId)}`);
}

export async function restoreVersion(
	documentId: string,
	versionId: string,
	fetcher: Fetch = fetch
): Promise<void> {
	await request<unknown>(fetcher, `${base(documentId)}/${encodeURIComponent(versionId)}/restore`, {
		method: 'POST'
	});
}

/** How a version came to be, in words. */
export function versionTitle(version: VersionSummary): string {
	if (version.name) return version.name;
	switch (version.reason) {
		case 'last-editor-left':
			return 'Saved when everyone left';
		case 'interval':
			return 'Automatic save while editing';
		case 'before-restore':
			return 'Before a restore';
		default:
			return 'Unnamed version';
	}
}
