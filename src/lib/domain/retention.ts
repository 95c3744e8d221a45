// How long a workspace keeps closed coaching cycles (issue 17 §4), and the date each one goes.

/** The choices an admin has, in years after a cycle closes; null keeps cycles until someone deletes them. */
export const RETENTION_YEARS = [1, 2, 3, 4, 5, 7, 10] as const;

export function isRetentionYears(value: unknown): value is number {
	return typeof value === 'number' && (RETENTION_YEARS as readonly number[]).includes(value);
}

/**
 * The moment a closed cycle is past its workspace's retention: its closing moment plus that many calendar
 * years (29 February closes fall on 1 March). The daily run deletes it on the first run after this.
 */
export function retentionEndsAt(closedAt: Date, years: number): Date {
	const end = new Date(closedAt);
	end.setUTCFullYear(end.getUTCFullYear() + years);
	return end;
}
