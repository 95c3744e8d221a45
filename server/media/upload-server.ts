// Resumable uploads of lesson videos (the tus protocol, @tus/server), mounted beside SvelteKit at
// UPLOAD_PATH. Who is asking is the session (or a personal access token), as everywhere; whether they may
// is can() on the video's document, asked before tus stores anything: a refused upload leaves no file. Each
// later request (HEAD to resume, PATCH with bytes) is asked again, and only by the person who began it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server, type ServerOptions } from '@tus/server';
import { FileStore } from '@tus/file-store';
import type { Upload } from '@tus/utils';
import { can } from '../../src/lib/domain/permissions.ts';
import { formatBytes } from '../../src/lib/domain/media.ts';
import { loadActor, loadDocumentFacts } from '../../src/lib/server/access.ts';
import {
	bearerFromAuthorization,
	resolveIdentity,
	sessionTokenFromCookieHeader
} from '../../src/lib/server/auth/identity.ts';
import type { MediaConfig } from '../../src/lib/server/config.ts';
import type { Db } from '../../src/lib/server/db/client.ts';
import { mediaFiles } from '../../src/lib/server/db/schema.ts';
import { newId } from '../../src/lib/server/ids.ts';
import type { JobQueue } from '../../src/lib/server/jobs/job-queue.ts';
import { ledgerEntryFor } from '../../src/lib/server/ledger/ledger.ts';
import type { LedgerQueue } from '../../src/lib/server/ledger/ledger-queue.ts';
import {
	mediaById,
	mediaForDocument,
	updateMedia,
	workspaceMediaBytes
} from '../../src/lib/server/media/media-files.ts';
import { removeDocumentMedia, type MediaPaths } from '../../src/lib/server/media/media-store.ts';
import { PROCESS_VIDEO_JOB } from '../../src/lib/server/media/process-video.ts';
import { eq } from 'drizzle-orm';

export const UPLOAD_PATH = '/uploads/videos';

type TusRequest = Parameters<NonNullable<ServerOptions['onIncomingRequest']>>[0];

/** A refusal tus sends as it is: the status and one sentence a person can act on. */
function refusal(status: number, body: string) {
	return { status_code: status, body };
}

export interface UploadServerDeps {
	db: Db;
	media: MediaConfig;
	paths: MediaPaths;
	jobs: JobQueue;
	ledger: LedgerQueue;
	/** The public origin; when set, an upload from any other page is refused. */
	origin: string | undefined;
	log: (message: string, fields?: Record<string, unknown>) => void;
}

export interface UploadServer {
	/** Handles the request when it is an upload's, and says whether it did. */
	handle(request: IncomingMessage, response: ServerResponse): boolean;
}

export function createUploadServer(deps: UploadServerDeps): UploadServer {
	const { db } = deps;
	// Who sent each request, from onIncomingRequest to the hooks tus calls after it for the same request.
	const senders = new WeakMap<TusRequest, string>();

	async function authenticate(request: TusRequest): Promise<string> {
		const origin = request.headers.get('origin');
		if (deps.origin && origin && origin !== deps.origin)
			throw refusal(403, 'Uploads come from Tandem itself.');
		const identity = await resolveIdentity(db, {
			bearer: bearerFromAuthorization(request.headers.get('authorization')),
			sessionToken: sessionTokenFromCookieHeader(request.headers.get('cookie'))
		});
		if (!identity) throw refusal(401, 'Sign in to upload a video.');
		senders.set(request, identity.user.id);
		return identity.user.id;
	}

	/** The video document, if this person may write it; otherwise a refusal that tells nothing of it. */
	async function writableVideoDocument(userId: string, documentId: unknown) {
		const facts = typeof documentId === 'string' ? await loadDocumentFacts(db, documentId) : null;
		const actor = await loadActor(db, userId);
		if (facts) {
			const allowed = can(actor, 'write', facts.resource);
			deps.ledger.record(ledgerEntryFor(actor, facts.resource, facts.document.id, 'write', 'api', allowed));
			if (allowed && facts.document.kind === 'video') return facts.document;
			if (can(actor, 'read', facts.resource))
				throw refusal(403, 'You may watch this video but not upload to it.');
		}
		throw refusal(404, 'That video was not found.');
	}

	const server = new Server({
		path: UPLOAD_PATH,
		relativeLocation: true,
		datastore: new FileStore({ directory: deps.paths.uploads }),
		maxSize: deps.media.maxFileBytes,
		namingFunction: () => newId(),
		// A finished upload is the video's source until it is processed; only deleting the document removes it.
		disableTerminationForFinishedUploads: true,
		async onIncomingRequest(request, uploadId) {
			const userId = await authenticate(request);
			if (request.method === 'POST') {
				// Without a declared length the workspace's allowance cannot be checked before the bytes come.
				if (!request.headers.get('upload-length'))
					throw refusal(400, 'Say how large the video is (Upload-Length) before sending it.');
				return;
			}
			if (request.method === 'DELETE') throw refusal(405, 'Delete the video from its page instead.');
			// Resuming or continuing: only the person who began this upload, while they may still write the document.
			const row = await mediaById(db, uploadId);
			if (!row || row.uploadedBy !== userId) throw refusal(404, 'That upload was not found.');
			await writableVideoDocument(userId, row.documentId);
			if (row.status !== 'uploading' && request.method === 'PATCH')
				throw refusal(409, 'This upload is complete.');
		},
		async onUploadCreate(request, upload: Upload) {
			const userId = senders.get(request);
			if (!userId) throw refusal(401, 'Sign in to upload a video.');
			const document = await writableVideoDocument(userId, upload.metadata?.documentId);
			const size = upload.size ?? 0;
			if (size <= 0) throw refusal(400, 'That file is empty.');
			const existing = await mediaForDocument(db, document.id);
			if (existing && existing.status !== 'failed')
				throw refusal(
					409,
					'This lesson already has its video. Add another lesson video for another recording.'
				);
			const used = await workspaceMediaBytes(db, document.workspaceId, existing?.id);
			if (used + size > deps.media.maxWorkspaceBytes)
				throw refusal(
					413,
					`Your school's videos would pass their allowance of ${formatBytes(deps.media.maxWorkspaceBytes)}. Delete older videos first.`
				);
			// A failed earlier try is replaced: its files go, and its row with them.
			if (existing) {
				await removeDocumentMedia(deps.paths, document.id, [existing.id]);
				await db.delete(mediaFiles).where(eq(mediaFiles.id, existing.id));
			}
			// The row comes before the first byte, so a file on disk always has one (removeOrphanedMedia).
			await db.insert(mediaFiles).values({
				id: upload.id,
				documentId: document.id,
				workspaceId: document.workspaceId,
				uploadedBy: userId,
				byteSize: size
			});
			// Only the document's id is kept with the upload: a file's name is the teacher's words.
			return { metadata: { documentId: document.id } };
		},
		async onUploadFinish(_request, upload: Upload) {
			await updateMedia(db, upload.id, { status: 'queued', progress: 0 });
			await deps.jobs.send(PROCESS_VIDEO_JOB, { mediaId: upload.id }, { key: upload.id });
			return {};
		},
		onResponseError(_request, error) {
			if ('status_code' in error && error.status_code === 413 && /Maximum size/.test(error.body))
				return refusal(
					413,
					`This video is larger than Tandem takes (${formatBytes(deps.media.maxFileBytes)}).`
				);
			if (!('status_code' in error)) {
				// An unexpected error may quote a path or a header: only its kind is logged.
				deps.log('upload failed', { error: error.name });
				return refusal(500, 'The upload could not be stored. Try again in a moment.');
			}
			return undefined;
		}
	});

	return {
		handle(request, response) {
			const url = request.url ?? '';
			if (url !== UPLOAD_PATH && !url.startsWith(`${UPLOAD_PATH}/`)) return false;
			server.handle(request, response).catch((error: unknown) => {
				deps.log('upload request failed', { error: error instanceof Error ? error.name : 'unknown' });
				if (!response.headersSent) response.writeHead(500).end();
				else response.destroy();
			});
			return true;
		}
	};
}
