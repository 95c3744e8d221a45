// A cumulative latency histogram in the shape Prometheus expects (le buckets in seconds, sum, count).
export const LATENCY_BUCKETS_SECONDS = [
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5
] as const;

export class LatencyHistogram {
	readonly counts = new Array<number>(LATENCY_BUCKETS_SECONDS.length).fill(0);
	count = 0;
	sumSeconds = 0;

	record(seconds: number): void {
		this.count += 1;
		this.sumSeconds += seconds;
		const index = LATENCY_BUCKETS_SECONDS.findIndex((bound) => seconds <= bound);
		if (index >= 0) this.counts[index] = (this.counts[index] ?? 0) + 1;
	}

	/** Prometheus text lines for this histogram under `name`. */
	render(name: string): string[] {
		let cumulative = 0;
		const lines = LATENCY_BUCKETS_SECONDS.map((bound, i) => {
			cumulative += this.counts[i] ?? 0;
			return `${name}_bucket{le="${bound}"} ${cumulative}`;
		});
		return [
			...lines,
			`${name}_bucket{le="+Inf"} ${this.count}`,
			`${name}_sum ${this.sumSeconds}`,
			`${name}_count ${this.count}`
		];
	}
}
