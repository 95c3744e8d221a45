// A lesson video's file, as people see it: where it is in its journey from upload to playable, and, when
// processing failed, why, in words a teacher can act on. Codes only are stored (media_files.failure).

export const MEDIA_STATUSES = ['uploading', 'queued', 'processing', 'ready', 'failed'] as const;
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

export const MEDIA_FAILURES = {
	not_a_video: 'This file is not a video. Choose a recording of the lesson (MP4, MOV, WebM and the like).',
	damaged:
		'This video is damaged or was cut short, so it cannot be played. Upload the whole recording again.',
	too_long:
		'This video is longer than Tandem takes (4 hours). Trim it, or upload the part you want to discuss.',
	transcode_failed: 'Tandem could not convert this video for playback. Try exporting it again as MP4.'
} as const;
export type MediaFailure = keyof typeof MEDIA_FAILURES;

export function isMediaFailure(value: unknown): value is MediaFailure {
	return typeof value === 'string' && Object.hasOwn(MEDIA_FAILURES, value);
}

export function isMediaStatus(value: unknown): value is MediaStatus {
	return typeof value === 'string' && (MEDIA_STATUSES as readonly string[]).includes(value);
}

/** "12:34" or "1:02:03": how a moment in a lesson video is written, on the page and in exports. */
export function formatMoment(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = String(total % 60).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** "4 GB", "200 MB": a limit as a person reads it. */
export function formatBytes(bytes: number): string {
	const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
