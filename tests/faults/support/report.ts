// Every fault test prints one line, `fault <name>: seed <n> {figures}`, and on failure the seed to replay.
export async function runFault<T>(name: string, seed: number, run: () => Promise<T>): Promise<T> {
	try {
		const figures = await run();
		console.log(`fault ${name}: seed ${seed} ${JSON.stringify(figures)}`);
		return figures;
	} catch (error) {
		console.log(`fault ${name}: seed ${seed} FAILED (replay with FAULT_SEED=${seed})`);
		throw error;
	}
}
