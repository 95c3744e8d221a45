import { describe, expect, it } from 'vitest';
import { documentNameFor, parseDocumentName } from '../../src/lib/domain/document-name.ts';

describe('document-name codec', () => {
	it('round-trips a document id', () => {
		const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
		expect(parseDocumentName(documentNameFor(id))).toBe(id);
	});

	it.each([
		'',
		'x',
		'../etc/passwd',
		'0F8FAD5B-D9CB-469F-A165-70867728950E',
		'0f8fad5b-d9cb-469f-a165-70867728950e\0s'
	])('refuses %j', (name) => {
		expect(parseDocumentName(name)).toBeNull();
	});

	it('will not build a name from something that is not an id', () => {
		expect(() => documentNameFor('not-an-id')).toThrow(/Not a document id/);
	});
});
