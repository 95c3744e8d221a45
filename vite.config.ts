import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';
import { tandemDevServer } from './server/vite-plugin.ts';

export default defineConfig({
	plugins: [tailwindcss(), sveltekit(), tandemDevServer()],
	// One copy of Yjs in the browser bundle, or documents silently stop syncing ("Yjs was already imported").
	resolve: { dedupe: ['yjs', 'y-protocols', 'lib0'] },
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/integration/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// Each file starts its own server process; two at a time fit the 2-core machines.
					maxWorkers: 2,
					fileParallelism: true
				}
			},
			{
				// The fault battery's long versions (`npm run test:faults`); short ones run in `integration`.
				test: {
					name: 'faults',
					include: ['tests/faults/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/integration/global-setup.ts'],
					testTimeout: 900_000,
					hookTimeout: 120_000,
					maxWorkers: 1,
					fileParallelism: false
				}
			}
		]
	}
});
