import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { documentUpdateOf, MalformedFrame, readClientFrame } from '../../../server/collaboration/frames.ts';

const assertWellFormedFrame = (bytes: Uint8Array) => void readClientFrame(bytes);
const readDocumentUpdate = (bytes: Uint8Array) => documentUpdateOf(readClientFrame(bytes));

function frame(type: number, syncType?: number, payload?: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, 'doc-name');
	encoding.writeVarUint(encoder, type);
	if (syncType !== undefined) encoding.writeVarUint(encoder, syncType);
	if (payload) encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

describe('the update a frame carries', () => {
	const update = new Uint8Array([1, 2, 3]);

	it('finds the update in sync step 2 and update frames', () => {
		expect(readDocumentUpdate(frame(0, 1, update))).toEqual(update);
		expect(readDocumentUpdate(frame(0, 2, update))).toEqual(update);
		expect(readDocumentUpdate(frame(4, 2, update))).toEqual(update);
	});

	it('ignores sync step 1, awareness, auth and other frames', () => {
		expect(readDocumentUpdate(frame(0, 0, update))).toBeNull();
		expect(readDocumentUpdate(frame(3))).toBeNull();
		expect(readDocumentUpdate(frame(9))).toBeNull();
	});

	it('throws on a truncated frame (the connection is then closed)', () => {
		const truncated = frame(0, 2, update).slice(0, -2);
		expect(() => readDocumentUpdate(truncated)).toThrow();
	});
});

describe('what a client may send', () => {
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

	// What passed the guard before and made Hocuspocus close only the document, leaving the socket open.
	it('refuses a garbage state vector, a token that does not decode, and an awareness state that is not an object', () => {
		expect(() => assertWellFormedFrame(frame(0, 0, new Uint8Array([0xff, 0xff, 0xff])))).toThrow(
			MalformedFrame
		);
		expect(() => assertWellFormedFrame(frame(0, 0, new Uint8Array([1, 5, 7, 9])))).toThrow(MalformedFrame);
		expect(() => assertWellFormedFrame(frame(0, 0, new Uint8Array([1, 5, 7])))).not.toThrow();

		const auth = (token: Uint8Array) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarString(encoder, 'doc-name');
			encoding.writeVarUint(encoder, 2);
			encoding.writeVarUint(encoder, 0);
			encoding.writeUint8Array(encoder, token);
			return encoding.toUint8Array(encoder);
		};
		expect(() => assertWellFormedFrame(auth(Uint8Array.from([0x9a, 0x05, 0x34])))).toThrow(MalformedFrame);
		expect(() => assertWellFormedFrame(auth(Uint8Array.from([2, 0x61, 0x62])))).not.toThrow();

		const awareness = (json: string) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, 1);
			encoding.writeVarUint(encoder, 31337);
			encoding.writeVarUint(encoder, 1);
			encoding.writeVarString(encoder, json);
			return frame(1, undefined, encoding.toUint8Array(encoder));
		};
		expect(() => assertWellFormedFrame(awareness('"abc"'))).toThrow(MalformedFrame);
		expect(() => assertWellFormedFrame(awareness('[1]'))).toThrow(MalformedFrame);
		expect(() => assertWellFormedFrame(awareness('null'))).not.toThrow();
		expect(() => assertWellFormedFrame(awareness('{"user":{"name":"A"}}'))).not.toThrow();
	});
});

describe('readClientFrame', () => {
	it('parses each frame once into a typed value that every hook shares', () => {
		const bytes = frame(0, 1, new Uint8Array([0, 0]));
		const parsed = readClientFrame(bytes);
		expect(parsed).toEqual({ documentName: 'doc-name', type: 'sync-step-2', update: new Uint8Array([0, 0]) });
		expect(readClientFrame(bytes)).toBe(parsed);
		expect(readClientFrame(frame(9))).toEqual({ documentName: 'doc-name', type: 'ping' });
	});
});
