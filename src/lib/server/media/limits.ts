// Lesson video numbers, each with its reason.
export const mediaLimits = {
	/**
	 * The most one playback answer carries. A player asks for `bytes=0-`; answering the whole file would keep
	 * streaming after the teacher stopped sharing it. Answering a slice makes the player come back every few
	 * seconds of video, and every request asks can() again (issue 18: revocation stops streaming at once).
	 */
	maxRangeBytes: 2 * 1024 * 1024,
	/** Longer than any lesson; a file that claims more is refused before minutes of transcoding. */
	maxDurationMs: 4 * 60 * 60 * 1000,
	/** How often a transcode's progress is written to its row: often enough for a bar, rarely enough for the database. */
	progressWriteIntervalMs: 1_000,
	/** The preview strip: this many frames, side by side, each this wide. */
	stripFrames: 8,
	stripFrameWidth: 160,
	posterWidth: 960,
	/** One transcode at a time per process: ffmpeg already uses both cores of a small server. */
	workersPerProcess: 1
} as const;
