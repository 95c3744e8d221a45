import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Form posts from another origin are refused by SvelteKit's built-in CSRF check (production builds):
		// no origin is trusted besides our own.
		csrf: { trustedOrigins: [] },
		typescript: {
			// The production entry, benchmarks and tooling are type-checked and linted with the app.
			config(config) {
				config.include.push(
					'../server/**/*.ts',
					'../bench/**/*.ts',
					'../scripts/**/*.ts',
					'../playwright.config.ts',
					'../drizzle.config.ts'
				);
				return config;
			}
		}
	}
};

export default config;
