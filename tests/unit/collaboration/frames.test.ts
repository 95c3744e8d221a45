import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import {
	assertWellFormedFrame,
	MalformedFrame,
	readDocumentUpdate
} from '../../../server/collaboration/frames.ts';

function frame(type: number, syncType?: number, payload?: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, 'doc-name');
	encoding.writeVarUint(encoder, type);
	if (syncType !== undefined) encoding.writeVarUint(encoder, syncType);
	if (payload) encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

describe('readDocumentUpdate', () => {
	const update = new Uint8Array([1, 2, 3]);

	it('finds the update in sync step 2 and update frames', () => {
		expect(readDocumentUpdate(frame(0, 1, update))).toEqual(update);
		expect(readDocumentUpdate(frame(0, 2, update))).toEqual(update);
		expect(readDocumentUpdate(frame(4, 2, update))).toEqual(update);
	});

	it('ignores sync step 1, awareness, auth and other frames', () => {
		expect(readDocumentUpdate(frame(0, 0, update))).toBeNull();
		expect(readDocumentUpdate(frame(1))).toBeNull();
		expect(readDocumentUpdate(frame(2))).toBeNull();
		expect(readDocumentUpdate(frame(9))).toBeNull();
	});

	it('throws on a truncated frame (the connection is then closed)', () => {
		const truncated = frame(0, 2, update).slice(0, -2);
		expect(() => readDocumentUpdate(truncated)).toThrow();
	});
});

describe('assertWellFormedFrame', () => {
	it('accepts the frames a provider sends', () => {
		expect(() => assertWellFormedFrame(frame(0, 0, new Uint8Array([0])))).not.toThrow();
		expect(() => assertWellFormedFrame(frame(0, 2, new Uint8Array([0, 0])))).not.toThrow();
		expect(() => assertWellFormedFrame(frame(3))).not.toThrow();
	});

	it('refuses unknown types, unknown sync steps, truncation and bad awareness', () => {
		expect(() => assertWellFormedFrame(frame(6))).toThrow(MalformedFrame);
		expect(() => assertWellFormedFrame(frame(42))).toThrow(MalformedFrame);
		expect(() => assertWellFormedFrame(frame(0, 7, new Uint8Array([1])))).toThrow(MalformedFrame);
		expect(() => assertWellFormedFrame(frame(0, 2, new Uint8Array([1, 2, 3])).slice(0, -2))).toThrow(
			MalformedFrame
		);
		expect(() =>
			assertWellFormedFrame(frame(1, undefined, new Uint8Array([1, 5, 1, 3, 123, 125, 125])))
		).toThrow(MalformedFrame);
		expect(() =>
			assertWellFormedFrame(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]))
		).toThrow(MalformedFrame);
	});
});
