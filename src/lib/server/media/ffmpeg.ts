// ffmpeg and ffprobe, Debian's, run as child processes: probing what a file really is (whatever its name or
// MIME type says), transcoding to H.264/AAC MP4 with the index at the front, and the poster and strip.
// Their stderr names the file and can quote its metadata, so it is never logged or shown: callers get codes.
import { spawn } from 'node:child_process';

export interface ProbedVideo {
	durationMs: number;
	width: number;
	height: number;
	hasAudio: boolean;
}

export type ProbeResult = { ok: true; video: ProbedVideo } | { ok: false; reason: 'not_a_video' | 'damaged' };

export class FfmpegMissing extends Error {
	constructor() {
		super('ffmpeg is not installed: install Debian\'s "ffmpeg" package to process lesson videos');
		this.name = 'FfmpegMissing';
	}
}

interface RunResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

function run(
	command: string,
	args: readonly string[],
	options: { signal?: AbortSignal; onStdout?: (chunk: string) => void } = {}
): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			if (options.onStdout) options.onStdout(chunk);
			else stdout += chunk;
		});
		// Only the tail is kept: enough to tell a truncated file from a foreign one.
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr = (stderr + chunk).slice(-8192);
		});
		child.once('error', (error: NodeJS.ErrnoException) =>
			reject(error.code === 'ENOENT' ? new FfmpegMissing() : error)
		);
		child.once('close', (code) => resolve({ code, stdout, stderr }));
	});
}

/** What the file is, read from its bytes by ffprobe. */
export async function probeVideo(file: string, signal?: AbortSignal): Promise<ProbeResult> {
	const result = await run(
		'ffprobe',
		[
			'-v',
			'error',
			'-show_entries',
			'format=duration:stream=codec_type,width,height,duration',
			'-of',
			'json',
			file
		],
		{ signal }
	);
	if (result.code !== 0) {
		// A container whose index is missing (an MP4 cut before its moov atom) is a damaged video; anything
		// ffprobe cannot place at all is not a video.
		return {
			ok: false,
			reason:
				/moov atom not found|Invalid data found|end of file/i.test(result.stderr) &&
				looksLikeVideoContainer(result.stderr)
					? 'damaged'
					: 'not_a_video'
		};
	}
	let parsed: {
		format?: { duration?: string };
		streams?: { codec_type?: string; width?: number; height?: number; duration?: string }[];
	};
	try {
		parsed = JSON.parse(result.stdout) as typeof parsed;
	} catch {
		return { ok: false, reason: 'not_a_video' };
	}
	const streams = parsed.streams ?? [];
	const video = streams.find((s) => s.codec_type === 'video' && (s.width ?? 0) > 0);
	// A still image is a "video" stream to ffprobe, with no duration: not a lesson video.
	const seconds = Number(parsed.format?.duration ?? video?.duration);
	if (!video || !Number.isFinite(seconds) || seconds <= 0) return { ok: false, reason: 'not_a_video' };
	return {
		ok: true,
		video: {
			durationMs: Math.round(seconds * 1000),
			width: video.width ?? 0,
			height: video.height ?? 0,
			hasAudio: streams.some((s) => s.codec_type === 'audio')
		}
	};
}

function looksLikeVideoContainer(stderr: string): boolean {
	return /mov,mp4|matroska|webm|moov/i.test(stderr);
}

/**
 * H.264/AAC in MP4 with the index first (`+faststart`), which every browser plays and can start before the
 * end has arrived. Any decoding error fails the transcode (`-xerror`): a damaged file is refused, not half
 * converted. `onProgress` gets the fraction done.
 */
export async function transcodeToMp4(
	input: string,
	output: string,
	durationMs: number,
	options: { signal?: AbortSignal; onProgress?: (fraction: number) => void }
): Promise<'ok' | 'damaged' | 'failed'> {
	let buffered = '';
	const result = await run(
		'ffmpeg',
		[
			'-nostdin',
			'-v',
			'error',
			'-xerror',
			'-y',
			'-i',
			input,
			'-map',
			'0:v:0',
			'-map',
			'0:a:0?',
			// Even dimensions for yuv420p; at most 1080 lines, which is plenty to see a classroom.
			'-vf',
			"scale='trunc(min(iw,iw*1080/ih)/2)*2':'trunc(min(ih,1080)/2)*2'",
			'-c:v',
			'libx264',
			'-preset',
			'veryfast',
			'-crf',
			'23',
			'-pix_fmt',
			'yuv420p',
			'-c:a',
			'aac',
			'-b:a',
			'128k',
			'-ac',
			'2',
			'-movflags',
			'+faststart',
			'-progress',
			'pipe:1',
			'-nostats',
			'-f',
			'mp4',
			output
		],
		{
			signal: options.signal,
			onStdout(chunk) {
				buffered += chunk;
				const lines = buffered.split('\n');
				buffered = lines.pop() ?? '';
				for (const line of lines) {
					const match = /^out_time_us=(\d+)/.exec(line);
					if (match && durationMs > 0)
						options.onProgress?.(Math.min(1, Number(match[1]) / 1000 / durationMs));
				}
			}
		}
	);
	if (result.code === 0) return 'ok';
	return /Invalid data|corrupt|error while decoding|partial file|Truncat|end of file|moov/i.test(
		result.stderr
	)
		? 'damaged'
		: 'failed';
}

/** One frame, a little way in (the first frame of a lesson is often the lens cap or the ceiling). */
export async function makePoster(
	video: string,
	output: string,
	durationMs: number,
	width: number
): Promise<boolean> {
	const at = Math.min(2, durationMs / 1000 / 3).toFixed(2);
	const result = await run('ffmpeg', [
		'-nostdin',
		'-v',
		'error',
		'-y',
		'-ss',
		at,
		'-i',
		video,
		'-frames:v',
		'1',
		'-vf',
		`scale=${width}:-2`,
		'-q:v',
		'4',
		output
	]);
	return result.code === 0;
}

/** Frames spread evenly over the video, in one image side by side: a glance at the lesson's course. */
export async function makePreviewStrip(
	video: string,
	output: string,
	durationMs: number,
	frames: number,
	frameWidth: number
): Promise<boolean> {
	const rate = (frames / Math.max(durationMs / 1000, 0.1)).toFixed(4);
	const result = await run('ffmpeg', [
		'-nostdin',
		'-v',
		'error',
		'-y',
		'-i',
		video,
		'-vf',
		`fps=${rate},scale=${frameWidth}:-2,tile=${frames}x1`,
		'-frames:v',
		'1',
		'-q:v',
		'5',
		output
	]);
	return result.code === 0;
}
