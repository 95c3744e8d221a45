// Short test videos made here with ffmpeg (lavfi's testsrc and a sine tone): no binary fixture is kept or
// downloaded. Without ffmpeg the video tests cannot run, and they fail saying so: a skipped video suite
// would look like a passing one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(root, '.tmp', 'test-videos');

export function requireFfmpeg(): void {
	try {
		execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
		execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
	} catch {
		throw new Error(
			"ffmpeg and ffprobe are needed for the lesson-video tests: install Debian's package (apt-get install -y ffmpeg)."
		);
	}
}

export interface TestVideoOptions {
	seconds: number;
	width?: number;
	height?: number;
	/** mp4 (H.264/AAC, index first), webm (VP8/Opus, as a browser's MediaRecorder makes) or mov. */
	format?: 'mp4' | 'webm' | 'mov';
}

/** A test video's path, made once per shape and kept under .tmp for the rest of the run. */
export function testVideo(options: TestVideoOptions): string {
	requireFfmpeg();
	const { seconds, width = 320, height = 240, format = 'mp4' } = options;
	mkdirSync(cacheDir, { recursive: true });
	const file = path.join(cacheDir, `testsrc-${seconds}s-${width}x${height}.${format}`);
	if (existsSync(file)) return file;
	const codecs =
		format === 'webm'
			? ['-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '300k', '-c:a', 'libopus']
			: [
					'-c:v',
					'libx264',
					'-preset',
					'ultrafast',
					'-pix_fmt',
					'yuv420p',
					'-c:a',
					'aac',
					'-movflags',
					'+faststart'
				];
	const partial = `${file}.${process.pid}.partial.${format}`;
	execFileSync(
		'ffmpeg',
		[
			'-nostdin',
			'-v',
			'error',
			'-y',
			'-f',
			'lavfi',
			'-i',
			`testsrc=duration=${seconds}:size=${width}x${height}:rate=15`,
			'-f',
			'lavfi',
			'-i',
			`sine=frequency=440:duration=${seconds}`,
			...codecs,
			'-shortest',
			partial
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	execFileSync('mv', [partial, file]);
	return file;
}

/** The first part of a video, as a dropped upload or a full phone leaves it: a damaged file. */
export function truncatedVideo(source: string, fraction: number): string {
	const file = path.join(cacheDir, `${path.basename(source)}.cut-${fraction}`);
	const bytes = readFileSync(source);
	writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * fraction)));
	return file;
}
