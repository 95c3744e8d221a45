// Uploads a file to a video document the way the page does: the tus protocol through tus-js-client.
import { readFileSync } from 'node:fs';
import * as tus from 'tus-js-client';
import type { HttpClient } from './http-client.ts';

export const UPLOAD_PATH = '/uploads/videos';

export interface UploadOptions {
	/** Bytes per PATCH; small values let a test stop an upload part-way. */
	chunkSize?: number;
	/** Resume this upload instead of starting one. */
	uploadUrl?: string;
	/** Called after each chunk; return true to stop the upload there (a dropped connection). */
	stopAfterChunk?: (bytesAccepted: number, bytesTotal: number) => boolean;
}

export type UploadOutcome =
	| { kind: 'done'; url: string }
	| { kind: 'stopped'; url: string; bytesAccepted: number }
	| { kind: 'refused'; status: number; body: string };

export function uploadVideo(
	client: HttpClient,
	documentId: string,
	file: string | Buffer,
	options: UploadOptions = {}
): Promise<UploadOutcome> {
	const bytes = typeof file === 'string' ? readFileSync(file) : file;
	return new Promise((resolve) => {
		const upload = new tus.Upload(bytes, {
			endpoint: new URL(UPLOAD_PATH, client.baseUrl).href,
			...(options.uploadUrl ? { uploadUrl: options.uploadUrl } : {}),
			chunkSize: options.chunkSize ?? Number.POSITIVE_INFINITY,
			retryDelays: [],
			metadata: { documentId, filename: 'lesson.mp4', filetype: 'video/mp4' },
			headers: { cookie: client.cookieHeader, origin: client.baseUrl },
			storeFingerprintForResuming: false,
			onChunkComplete(_size, accepted, total) {
				if (options.stopAfterChunk?.(accepted, total)) {
					void upload
						.abort()
						.then(() => resolve({ kind: 'stopped', url: upload.url ?? '', bytesAccepted: accepted }));
				}
			},
			onSuccess() {
				resolve({ kind: 'done', url: upload.url ?? '' });
			},
			onError(error) {
				const response = (error as tus.DetailedError).originalResponse;
				resolve({
					kind: 'refused',
					status: response?.getStatus() ?? 0,
					body: response?.getBody() ?? error.message
				});
			}
		});
		upload.start();
	});
}
