// Issue 18 on real servers: a resumable upload that is interrupted and resumed, refusals before anything is
// stored, files that are not videos, damaged or too large, range requests, revocation that stops streaming,
// deletion that leaves no file, and processing that survives a kill -9.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { buildCoachingCycle, type CoachingSetup } from '../support/fixtures.ts';
import type { SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { requireFfmpeg, testVideo, truncatedVideo } from '../support/test-videos.ts';
import { uploadVideo } from '../support/video-upload.ts';

const MAX_FILE_BYTES = 3 * 1024 * 1024;

interface VideoStatus {
	status: string;
	progress: number;
	failure: string | null;
	failureMessage: string | null;
	durationMs: number | null;
	attempts: number;
}

describe.each(backends)('lesson videos (%s)', (backend) => {
	let server: TestServer;
	let setup: CoachingSetup;
	let mediaDir: string;

	beforeAll(async () => {
		requireFfmpeg();
		// Its own folder on either backend: a Postgres test server has no DATA_DIR of its own.
		mediaDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-media-'));
		server = await startTestServer(backend, {
			MEDIA_DIR: mediaDir,
			MEDIA_MAX_FILE_BYTES: String(MAX_FILE_BYTES)
		});
		setup = await buildCoachingCycle(server.url);
	});
	afterAll(async () => {
		await server?.dispose();
		rmSync(mediaDir, { recursive: true, force: true });
	});

	async function newVideoDocument(by: SignedUp = setup.teacher): Promise<string> {
		const created = await by.client.json<{ id: string }>(`/api/v1/cycles/${setup.cycleId}/documents`, {
			method: 'POST',
			body: { kind: 'video', title: 'Tuesday lesson' }
		});
		expect(created.status).toBe(201);
		return created.body.id;
	}

	async function status(documentId: string, by: SignedUp = setup.teacher) {
		const answer = await by.client.json<{ video: VideoStatus | null }>(
			`/api/v1/documents/${documentId}/video`
		);
		expect(answer.status).toBe(200);
		return answer.body.video;
	}

	/** Asks for the video's status until `done` holds (no timing is asserted: only the end state). */
	async function statusWhen(
		documentId: string,
		done: (video: VideoStatus) => boolean,
		timeoutMs: number
	): Promise<VideoStatus> {
		const started = Date.now();
		for (;;) {
			const video = await status(documentId);
			if (video && done(video)) return video;
			if (Date.now() - started > timeoutMs)
				throw new Error(`the video stayed ${JSON.stringify(video)} for ${timeoutMs} ms`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	const settled = (documentId: string, timeoutMs = 60_000) =>
		statusWhen(documentId, (v) => v.status === 'ready' || v.status === 'failed', timeoutMs);

	function filesUnder(dir: string): string[] {
		if (!existsSync(dir)) return [];
		return readdirSync(dir, { recursive: true, withFileTypes: true })
			.filter((entry) => entry.isFile())
			.map((entry) => path.join(entry.parentPath, entry.name));
	}

	function filesOf(documentId: string, uploadUrl?: string): string[] {
		const uploadId = uploadUrl?.split('/').pop();
		return [
			...filesUnder(path.join(mediaDir, 'videos', documentId)),
			...(uploadId ? filesUnder(path.join(mediaDir, 'uploads')).filter((f) => f.includes(uploadId)) : [])
		];
	}

	it('resumes an interrupted upload where it stopped, then makes it playable with a poster and a strip', async () => {
		const documentId = await newVideoDocument();
		const source = testVideo({ seconds: 3 });
		const size = readFileSync(source).length;
		const chunkSize = Math.ceil(size / 4);
		const first = await uploadVideo(setup.teacher.client, documentId, source, {
			chunkSize,
			stopAfterChunk: () => true
		});
		expect(first.kind).toBe('stopped');
		if (first.kind !== 'stopped') return;
		expect(first.bytesAccepted).toBe(chunkSize);

		// The server kept what arrived: a HEAD tells the offset, and the rest continues from there.
		const head = await setup.teacher.client.request(first.url, {
			method: 'HEAD',
			headers: { 'tus-resumable': '1.0.0' }
		});
		expect(head.status).toBe(200);
		expect(Number(head.headers.get('upload-offset'))).toBe(chunkSize);
		expect((await status(documentId))?.status).toBe('uploading');

		// Someone else cannot continue it, even with the address.
		for (const method of ['HEAD', 'PATCH']) {
			const stranger = await setup.adminCoach.client.request(first.url, {
				method,
				headers: {
					'tus-resumable': '1.0.0',
					'upload-offset': String(chunkSize),
					'content-type': 'application/offset+octet-stream'
				},
				...(method === 'PATCH' ? { body: Buffer.alloc(16) } : {})
			});
			expect(stranger.status, method).toBe(404);
		}

		const resumed = await uploadVideo(setup.teacher.client, documentId, source, {
			uploadUrl: first.url,
			chunkSize
		});
		expect(resumed).toMatchObject({ kind: 'done', url: first.url });

		const done = await settled(documentId);
		expect(done).toMatchObject({ status: 'ready', progress: 100, failure: null });
		expect(done.durationMs).toBeGreaterThan(2_500);
		expect(done.durationMs).toBeLessThan(3_500);

		const video = await setup.teacher.client.request(`/api/v1/documents/${documentId}/video/stream`, {
			headers: { range: 'bytes=0-' }
		});
		expect(video.status).toBe(206);
		expect(video.headers.get('content-type')).toBe('video/mp4');
		const bytes = Buffer.from(await video.arrayBuffer());
		// Fast start: the index (moov) comes before the media data (mdat).
		expect(bytes.indexOf('moov')).toBeGreaterThan(0);
		expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
		for (const image of ['poster', 'strip']) {
			const answer = await setup.teacher.client.request(`/api/v1/documents/${documentId}/video/${image}`);
			expect(answer.status).toBe(200);
			expect(answer.headers.get('content-type')).toBe('image/jpeg');
			expect(Buffer.from(await answer.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
		}
		// The original is not kept once the transcode exists.
		expect(
			filesUnder(path.join(mediaDir, 'uploads')).filter((f) => f.includes(first.url.split('/').pop() ?? '-'))
		).toEqual([]);
	});

	it('answers range requests with the right bytes, privately', async () => {
		const documentId = await newVideoDocument();
		const upload = await uploadVideo(
			setup.teacher.client,
			documentId,
			testVideo({ seconds: 2, format: 'webm' })
		);
		expect(upload.kind).toBe('done');
		expect(await settled(documentId)).toMatchObject({ status: 'ready' });
		const onDisk = readFileSync(path.join(mediaDir, 'videos', documentId, 'video.mp4'));
		const stream = `/api/v1/documents/${documentId}/video/stream`;
		const cases: [string, number, number][] = [
			['bytes=0-99', 0, 99],
			['bytes=1000-1999', 1000, 1999],
			['bytes=-10', onDisk.length - 10, onDisk.length - 1],
			[`bytes=${onDisk.length - 5}-`, onDisk.length - 5, onDisk.length - 1]
		];
		for (const [range, start, end] of cases) {
			const answer = await setup.adminCoach.client.request(stream, { headers: { range } });
			expect(answer.status, range).toBe(206);
			expect(answer.headers.get('content-range')).toBe(`bytes ${start}-${end}/${onDisk.length}`);
			expect(answer.headers.get('cache-control')).toMatch(/^private/);
			expect(Buffer.from(await answer.arrayBuffer()).equals(onDisk.subarray(start, end + 1)), range).toBe(
				true
			);
		}
		const beyond = await setup.teacher.client.request(stream, {
			headers: { range: `bytes=${onDisk.length}-` }
		});
		expect(beyond.status).toBe(416);
		expect(beyond.headers.get('content-range')).toBe(`bytes */${onDisk.length}`);
		const whole = await setup.teacher.client.request(stream);
		expect(whole.status).toBe(200);
		expect(Buffer.from(await whole.arrayBuffer()).equals(onDisk)).toBe(true);
	});

	it('refuses an upload by someone who may not write the cycle before anything is stored', async () => {
		const documentId = await newVideoDocument();
		const before = filesUnder(mediaDir).length;
		const source = testVideo({ seconds: 3 });
		// The principal (an admin outside the pair) and another teacher: the document does not exist for them.
		for (const outsider of [setup.principal, setup.otherTeacher]) {
			const refused = await uploadVideo(outsider.client, documentId, source);
			expect(refused).toMatchObject({ kind: 'refused', status: 404 });
		}
		// A reader it was shared with may watch, not upload.
		const share = await setup.teacher.client.json(`/api/v1/documents/${documentId}/shares`, {
			method: 'POST',
			body: { userId: setup.otherTeacher.user.id, access: 'read' }
		});
		expect(share.status).toBe(201);
		const reader = await uploadVideo(setup.otherTeacher.client, documentId, source);
		expect(reader).toMatchObject({ kind: 'refused', status: 403 });
		// Signed out: no upload at all.
		const anonymous = await fetch(new URL('/uploads/videos', server.url), {
			method: 'POST',
			headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' }
		});
		expect(anonymous.status).toBe(401);
		expect(filesUnder(mediaDir).length).toBe(before);
		expect(await status(documentId)).toBeNull();
	});

	it('refuses a file that is not a video, a damaged one and one over the limit, and keeps none of them', async () => {
		const notVideo = await newVideoDocument();
		const text = path.join(path.dirname(testVideo({ seconds: 3 })), 'notes.mp4');
		writeFileSync(text, 'These are my lesson notes, not a video.\n'.repeat(200));
		const uploaded = await uploadVideo(setup.teacher.client, notVideo, text);
		expect(uploaded.kind).toBe('done');
		const refused = await settled(notVideo);
		expect(refused).toMatchObject({ status: 'failed', failure: 'not_a_video' });
		expect(refused.failureMessage).toMatch(/not a video/);
		expect(filesOf(notVideo, uploaded.kind === 'done' ? uploaded.url : undefined)).toEqual([]);

		const damaged = await newVideoDocument();
		const cut = await uploadVideo(
			setup.teacher.client,
			damaged,
			truncatedVideo(testVideo({ seconds: 3 }), 0.5)
		);
		expect(cut.kind).toBe('done');
		expect(await settled(damaged)).toMatchObject({ status: 'failed', failure: 'damaged' });
		expect(filesOf(damaged, cut.kind === 'done' ? cut.url : undefined)).toEqual([]);

		const tooLarge = await newVideoDocument();
		const before = filesUnder(mediaDir).length;
		const large = await uploadVideo(setup.teacher.client, tooLarge, Buffer.alloc(MAX_FILE_BYTES + 1));
		expect(large).toMatchObject({ kind: 'refused', status: 413 });
		expect(large.kind === 'refused' && large.body).toMatch(/larger than Tandem takes \(3 MB\)/);
		expect(filesUnder(mediaDir).length).toBe(before);
		expect(await status(tooLarge)).toBeNull();
	});

	it('stops streaming at once when the teacher stops sharing, and deleting removes every file', async () => {
		const documentId = await newVideoDocument();
		expect((await uploadVideo(setup.teacher.client, documentId, testVideo({ seconds: 3 }))).kind).toBe(
			'done'
		);
		expect(await settled(documentId)).toMatchObject({ status: 'ready' });
		const stream = `/api/v1/documents/${documentId}/video/stream`;
		const reader = setup.otherTeacher.client;
		await setup.teacher.client.json(`/api/v1/documents/${documentId}/shares`, {
			method: 'POST',
			body: { userId: setup.otherTeacher.user.id, access: 'read' }
		});
		expect((await reader.request(stream, { headers: { range: 'bytes=0-1023' } })).status).toBe(206);
		// A link copied out of the page is no key: the principal's session gets nothing from it.
		expect(
			(await setup.principal.client.request(stream, { headers: { range: 'bytes=0-1023' } })).status
		).toBe(404);
		// The reader's view is in the teacher's ledger.
		const ledger = await setup.teacher.client.json<{ actorId: string; channel: string }[]>(
			`/api/v1/documents/${documentId}/ledger`
		);
		expect(ledger.body.some((e) => e.actorId === setup.otherTeacher.user.id && e.channel === 'media')).toBe(
			true
		);

		await setup.teacher.client.request(
			`/api/v1/documents/${documentId}/shares/${setup.otherTeacher.user.id}`,
			{
				method: 'DELETE'
			}
		);
		expect((await reader.request(stream, { headers: { range: 'bytes=1024-2047' } })).status).toBe(404);

		expect(filesOf(documentId).length).toBeGreaterThanOrEqual(3);
		const deleted = await setup.teacher.client.request(`/api/v1/documents/${documentId}`, {
			method: 'DELETE'
		});
		expect(deleted.status).toBe(200);
		expect((await setup.teacher.client.request(stream, { headers: { range: 'bytes=0-1023' } })).status).toBe(
			404
		);
		expect(filesOf(documentId)).toEqual([]);
	});

	it('finishes processing after the server is killed with -9 mid-job', async () => {
		const documentId = await newVideoDocument();
		const source = testVideo({ seconds: 20, width: 640, height: 480 });
		expect((await uploadVideo(setup.teacher.client, documentId, source)).kind).toBe('done');
		await statusWhen(documentId, (v) => v.status === 'processing', 30_000);
		await server.kill9();
		await server.restart();
		const done = await settled(documentId, 90_000);
		expect(done).toMatchObject({ status: 'ready', progress: 100 });
		expect(done.attempts).toBeGreaterThanOrEqual(1);
		expect(done.durationMs).toBeGreaterThan(19_000);
	}, 150_000);
});
