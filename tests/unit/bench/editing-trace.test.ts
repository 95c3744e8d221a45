// The B4 trace decodes to the text it is known to end in, and a Yjs replay types exactly that text.
// Trace by Martin Kleppmann (automerge-perf), packaged by Joseph Gentle (josephg/editing-traces), CC BY 4.0.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyToString, framesOf, readTrace, replayTrace } from '../../../bench/trace/automerge-paper.ts';

const PREFIX = 20_000;

describe('the automerge-paper editing trace', () => {
	const trace = readTrace();

	it('has 259,778 single-patch operations ending in a 104,852-character text', () => {
		expect(trace.patches).toHaveLength(259_778);
		const finalText = applyToString(trace.startContent, trace.patches);
		expect(finalText).toHaveLength(104_852);
		expect(finalText).toBe(trace.endContent);
	});

	it('replays into Yjs one transaction per operation, matching the plain-string application', () => {
		const replay = replayTrace(trace, { limit: PREFIX, clientID: 1 });
		expect(replay.updates).toHaveLength(PREFIX);
		expect(replay.text.toString()).toBe(applyToString(trace.startContent, trace.patches.slice(0, PREFIX)));
	});

	it('sends the same document when operations are grouped into frames', () => {
		const replay = replayTrace(trace, { limit: PREFIX, clientID: 1 });
		const receiver = new Y.Doc();
		for (const frame of framesOf(replay.updates, 250)) Y.applyUpdate(receiver, frame);
		expect(receiver.getText('trace').toString()).toBe(replay.text.toString());
		expect(Y.encodeStateAsUpdate(receiver)).toEqual(Y.encodeStateAsUpdate(replay.doc));
	});

	it('names the file it needs when the trace is missing', () => {
		expect(() => readTrace('/nonexistent/automerge-paper.json.gz')).toThrow(/editing trace is missing/);
	});
});
