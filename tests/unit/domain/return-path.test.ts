import { describe, expect, it } from 'vitest';
import { sameOriginPath } from '../../../src/lib/domain/return-path.ts';

const origin = 'https://tandem.school.example';

describe('sameOriginPath', () => {
	it.each([
		'/\t/evil.example/login',
		'//evil.example',
		'/\\evil.example',
		'/.//evil.example',
		'/./\\evil.example',
		'https://evil.example/',
		'evil.example',
		'javascript:alert(1)',
		''
	])('refuses %j', (raw) => {
		expect(sameOriginPath(raw, origin)).toBeNull();
	});

	it('keeps other control characters and spaces inside the path, percent-encoded', () => {
		expect(sameOriginPath('/\u000b/evil.example', origin)).toBe('/%0B/evil.example');
		expect(sameOriginPath('/ \t/evil.example', origin)).toBe('/%20/evil.example');
	});

	it('keeps a path with its query and fragment, normalised as a browser would', () => {
		expect(sameOriginPath('/cycles?stage=learn#top', origin)).toBe('/cycles?stage=learn#top');
		expect(sameOriginPath('/cycles/../plcs', origin)).toBe('/plcs');
	});
});
