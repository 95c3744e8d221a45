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
		// Script runs only from our own files and SvelteKit's nonce'd bootstrap: an injected <script> or
		// on*= attribute does nothing. Styles allow inline because Svelte transitions, ProseMirror and the
		// page shell set style attributes; style cannot run code. hooks.server.ts narrows connect-src to our
		// own /collab websocket once the host is known.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
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
