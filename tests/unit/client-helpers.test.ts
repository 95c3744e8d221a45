// Pure helpers behind the editor: close events to our codes, typed link addresses, folded diffs.
import { describe, expect, it } from 'vitest';
import { normalizeLink } from '../../src/lib/components/editor/links.ts';
import { diffSegments } from '../../src/lib/components/documents/diff-segments.ts';
import { CloseCode, closeCodeOf, describeClose } from '../../src/lib/domain/close-codes.ts';

describe('closeCodeOf', () => {
	it('reads our code from a socket close', () => {
		expect(closeCodeOf({ code: 4205, reason: 'authorization-changed' })).toBe(CloseCode.AuthorizationChanged);
		expect(closeCodeOf({ code: 1009 })).toBe(CloseCode.MessageTooBig);
	});

	it('reads it from the reason of a per-document close (code 1000)', () => {
		expect(closeCodeOf({ code: 1000, reason: 'document-too-large' })).toBe(CloseCode.DocumentTooLarge);
		expect(closeCodeOf({ code: 1000, reason: 'something else' })).toBeNull();
		expect(closeCodeOf(undefined)).toBeNull();
	});

	it('has a sentence for every code people may meet', () => {
		for (const code of Object.values(CloseCode)) expect(describeClose(code)).toMatch(/\w+/);
		expect(describeClose(1000)).toBeNull();
	});
});

describe('normalizeLink', () => {
	it.each([
		['example.org/rubric', 'https://example.org/rubric'],
		['https://school.example/plan?x=1', 'https://school.example/plan?x=1'],
		['coach@school.example', 'mailto:coach@school.example'],
		['tel:+15551234567', 'tel:+15551234567']
	])('%s → %s', (raw, expected) => {
		expect(normalizeLink(raw)).toBe(expected);
	});

	it.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<b>x</b>', '', '   ', 'localhost'])(
		'refuses %j',
		(raw) => {
			expect(normalizeLink(raw)).toBeNull();
		}
	);
});

describe('diffSegments', () => {
	it('keeps every changed line and folds long unchanged stretches', () => {
		const same = Array.from({ length: 30 }, (_, i) => ({ type: 'same' as const, text: `line ${i}` }));
		const diff = [...same, { type: 'added' as const, text: 'new line' }, ...same];
		const segments = diffSegments(diff);
		const visible = segments.filter((s) => s.kind === 'lines').flatMap((s) => s.lines);
		const folded = segments.filter((s) => s.kind === 'folded').flatMap((s) => s.lines);
		expect(visible).toContainEqual({ type: 'added', text: 'new line' });
		expect(visible.filter((l) => l.type === 'same').length).toBeLessThanOrEqual(4);
		expect(folded.length + visible.length).toBe(diff.length);
	});
});
