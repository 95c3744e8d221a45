import { builtinModules } from 'node:module';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// In realtime code a missing `await` is a lost write, and an `async` that awaits nothing hides which
// functions do I/O: these rules need type information (parserOptions.projectService).
const typeCheckedRules = {
	'@typescript-eslint/await-thenable': 'error',
	'@typescript-eslint/no-floating-promises': 'error',
	'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
	'require-await': 'off',
	'@typescript-eslint/require-await': 'error'
};

const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));
const noSvelteKitRuntime = [
	{ group: ['$app/*', '$env/*'], message: 'Only routes and src/lib/server/sveltekit talk to SvelteKit.' }
];

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'data/',
			'drizzle/',
			'test-results/',
			'playwright-report/',
			'.tmp/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
		}
	},
	{
		files: ['**/*.ts', '**/*.svelte.ts'],
		// SvelteKit keeps the service worker out of the app's TypeScript project (it has worker types).
		ignores: ['eslint.config.js', 'src/service-worker.ts'],
		languageOptions: {
			parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
		},
		rules: typeCheckedRules
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: typeCheckedRules
	},
	// The layers (ARCHITECTURE.md): the domain is pure rules, the server is plain Node that SvelteKit
	// reaches through one adapter folder, and the components are the browser's.
	{
		files: ['src/lib/domain/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: NODE_BUILTINS.map((name) => ({ name, message: 'The domain does no I/O.' })),
					patterns: [
						{ group: ['node:*'], message: 'The domain does no I/O.' },
						...noSvelteKitRuntime,
						{
							group: ['$lib/server', '$lib/server/**', '#server/*', '**/server/**', '**/lib/server'],
							message: 'The domain does not reach into the server: the server calls the domain.'
						},
						{
							group: ['$lib/components', '$lib/components/**', '$lib/format', '$lib/format/**'],
							message: 'The domain holds rules, not presentation.'
						},
						{
							group: ['drizzle-orm', 'drizzle-orm/*', 'postgres', '@electric-sql/*', 'ioredis', 'pino', 'ws'],
							message: 'The domain does no I/O: databases, queues, logs and sockets belong to src/lib/server.'
						},
						{ group: ['@hocuspocus/server', '@hocuspocus/server/*'], message: 'The domain does no I/O.' }
					]
				}
			]
		}
	},
	{
		files: ['src/lib/server/**', 'server/**', 'src/lib/collab/**', 'src/lib/format/**'],
		ignores: ['src/lib/server/sveltekit/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: noSvelteKitRuntime }] }
	},
	{
		// Components may use SvelteKit's browser modules ($app/forms, $app/paths, …), never the server.
		files: ['src/lib/components/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['$env/*', '$app/server'], message: 'Components run in the browser too.' },
						{
							group: ['$lib/server', '$lib/server/**', 'node:*'],
							message: 'Components run in the browser too.'
						}
					]
				}
			]
		}
	},
	{
		// A load function or an endpoint returns data, never markup: what both a component and a server
		// module need to show a fact lives in src/lib/format. (Svelte pages import components, of course.)
		files: ['src/routes/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['$lib/components', '$lib/components/**'],
							message: 'Route modules do not import components; shared presentation lives in src/lib/format.'
						}
					]
				}
			]
		}
	}
);
