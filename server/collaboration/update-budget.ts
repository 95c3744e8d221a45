// The work one frame may cause. Yjs integrates an update in one synchronous call, and its cost grows with
// the number of structs (items, deleted runs, GC ranges) and delete ranges it carries, not with its bytes:
// 2 MiB of one pasted text is one struct and integrates in a millisecond, while 2 MiB of tiny structs holds
// the event loop for over a second (bench/frame-stall.ts), stalling every document on the process. So an
// update may carry at most a bounded number of them, counted before anything decodes it.
//
// The count reads Yjs' V1 update format (what providers send): each client's structs are announced by
// number before they are written, and so are each client's delete ranges. The walk adds up the announced
// numbers and skips over the structs in between, and stops as soon as the sum passes the budget, so
// counting costs at most the budget's worth of struct headers however the frame was built.
import * as decoding from 'lib0/decoding';

/** The fewest bytes a struct takes (a GC or Skip run: its info byte and a length). */
const SMALLEST_STRUCT_BYTES = 2;

/**
 * Whether `update` carries more than `budget` structs and delete ranges together. Throws when the update
 * does not follow the format (the caller refuses it as malformed).
 */
export function exceedsUpdateBudget(update: Uint8Array, budget: number): boolean {
	// Every struct takes two bytes or more: a short update (every keystroke) cannot pass the budget.
	if (update.byteLength <= budget * SMALLEST_STRUCT_BYTES) return false;
	return countWork(update, budget) > budget;
}

/** How many structs and delete ranges an update carries, counted the same way (for tests and the bench). */
export function countUpdateWork(update: Uint8Array): number {
	return countWork(update, Infinity);
}

/** The exact count while it stays within `stopAbove`; once past it, some larger number. */
function countWork(update: Uint8Array, stopAbove: number): number {
	const decoder = decoding.createDecoder(update);
	let counted = 0;
	const clients = decoding.readVarUint(decoder);
	for (let client = 0; client < clients; client++) {
		const structs = decoding.readVarUint(decoder);
		counted += structs;
		if (counted > stopAbove) return counted;
		decoding.readVarUint(decoder); // client id
		decoding.readVarUint(decoder); // first clock
		for (let i = 0; i < structs; i++) skipStruct(decoder);
	}
	const deletingClients = decoding.readVarUint(decoder);
	for (let client = 0; client < deletingClients; client++) {
		decoding.readVarUint(decoder); // client id
		const ranges = decoding.readVarUint(decoder);
		counted += ranges;
		if (counted > stopAbove) return counted;
		for (let i = 0; i < ranges; i++) {
			decoding.readVarUint(decoder); // clock
			decoding.readVarUint(decoder); // length
		}
	}
	return counted;
}

function skip(decoder: decoding.Decoder, bytes: number): void {
	if (decoder.pos + bytes > decoder.arr.length) throw new RangeError('the update ends inside a struct');
	decoder.pos += bytes;
}

/** A length-prefixed string or byte array. */
function skipPrefixed(decoder: decoding.Decoder): void {
	skip(decoder, decoding.readVarUint(decoder));
}

function skipId(decoder: decoding.Decoder): void {
	decoding.readVarUint(decoder);
	decoding.readVarUint(decoder);
}

// The info byte: the low five bits name the content; the top three say which of origin, right origin and
// parent key are written.
const CONTENT_BITS = 0x1f;
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_KEY = 0x20;

/** Content references of Yjs' V1 format (GC 0 and Skip 10 are runs, not items). */
const Content = {
	GC: 0,
	Deleted: 1,
	Json: 2,
	Binary: 3,
	String: 4,
	Embed: 5,
	Format: 6,
	Type: 7,
	Any: 8,
	Doc: 9,
	Skip: 10
} as const;
/** Type references whose content names a node (an XML element's tag, a hook's name). */
const NAMED_TYPES = new Set([3, 5]);

function skipStruct(decoder: decoding.Decoder): void {
	const info = decoding.readUint8(decoder);
	const content = info & CONTENT_BITS;
	if (content === Content.GC || content === Content.Skip) {
		decoding.readVarUint(decoder); // the run's length
		return;
	}
	if (info & HAS_ORIGIN) skipId(decoder);
	if (info & HAS_RIGHT_ORIGIN) skipId(decoder);
	if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
		// Without origins the parent is written: a root type's name, or the id of the item holding it.
		if (decoding.readVarUint(decoder) === 1) skipPrefixed(decoder);
		else skipId(decoder);
		if (info & HAS_PARENT_KEY) skipPrefixed(decoder);
	}
	switch (content) {
		case Content.Deleted:
			decoding.readVarUint(decoder);
			return;
		case Content.Json: {
			const values = decoding.readVarUint(decoder);
			for (let i = 0; i < values; i++) skipPrefixed(decoder);
			return;
		}
		case Content.Binary:
		case Content.String:
		case Content.Embed:
			skipPrefixed(decoder);
			return;
		case Content.Format:
			skipPrefixed(decoder); // key
			skipPrefixed(decoder); // value (JSON)
			return;
		case Content.Type:
			if (NAMED_TYPES.has(decoding.readVarUint(decoder))) skipPrefixed(decoder);
			return;
		case Content.Any: {
			const values = decoding.readVarUint(decoder);
			for (let i = 0; i < values; i++) decoding.readAny(decoder);
			return;
		}
		case Content.Doc:
			skipPrefixed(decoder); // guid
			decoding.readAny(decoder); // options
			return;
		default:
			throw new RangeError(`unknown struct content ${content}`);
	}
}
