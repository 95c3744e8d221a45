// A lesson video's file as an HTTP answer: whole, or the range asked for. Always `Cache-Control: private,
// no-store`: every request must reach the server, which asks can() again, so a revoked share or a deleted
// video stops at once and no shared cache keeps a copy.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { answerRange } from './byte-range.ts';

export const MEDIA_CACHE_CONTROL = 'private, no-store';

export async function fileResponse(
	file: string,
	contentType: string,
	rangeHeader: string | null,
	cap: number
): Promise<Response | null> {
	let size: number;
	try {
		size = (await stat(file)).size;
	} catch {
		return null;
	}
	const headers = new Headers({
		'content-type': contentType,
		'accept-ranges': 'bytes',
		'cache-control': MEDIA_CACHE_CONTROL,
		'x-content-type-options': 'nosniff'
	});
	const range = answerRange(rangeHeader, size, cap);
	if (range.kind === 'unsatisfiable') {
		headers.set('content-range', `bytes */${size}`);
		return new Response(null, { status: 416, headers });
	}
	const start = range.kind === 'partial' ? range.start : 0;
	const end = range.kind === 'partial' ? range.end : size - 1;
	headers.set('content-length', String(size === 0 ? 0 : end - start + 1));
	if (range.kind === 'partial') headers.set('content-range', `bytes ${start}-${end}/${size}`);
	const body =
		size === 0
			? null
			: (Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream<Uint8Array>);
	return new Response(body, { status: range.kind === 'partial' ? 206 : 200, headers });
}
