// Who may speak for an awareness client id, and what a disconnect gives back.
import type { beforeHandleAwarenessPayload } from '@hocuspocus/server';
import { Awareness } from 'y-protocols/awareness';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AwarenessGuard } from '../../../server/collaboration/awareness-guard.ts';
import type { ConnectionContext } from '../../../server/collaboration/context.ts';

const docs: Y.Doc[] = [];
afterEach(() => {
	for (const doc of docs.splice(0)) doc.destroy();
});

/** One awareness frame from `socketId`, as Hocuspocus hands it over: states by client id, stampable. */
function frame(socketId: string, userName: string, states: Record<number, Record<string, unknown>>) {
	const doc = new Y.Doc();
	docs.push(doc);
	const payload = {
		socketId,
		connection: {},
		context: { user: { id: `user-${userName}`, name: userName, color: '#123456' }, readOnly: false },
		document: { awareness: new Awareness(doc) },
		states: new Map(Object.entries(states).map(([id, state]) => [Number(id), state])),
		transactionOrigin: null
	};
	return payload as unknown as beforeHandleAwarenessPayload<ConnectionContext> & {
		states: Map<number, Record<string, unknown>>;
	};
}

describe('AwarenessGuard', () => {
	it('stamps the session’s name on a state and refuses another socket speaking for that client id', async () => {
		const guard = new AwarenessGuard();
		const mine = frame('socket-a', 'Ana', { 7: { cursor: 1, user: { name: 'Someone else' } } });
		await guard.beforeHandleAwareness(mine);
		expect(mine.states.get(7)?.user).toMatchObject({ id: 'user-Ana', name: 'Ana', role: 'editor' });

		const impostor = frame('socket-b', 'Ben', { 7: { cursor: 2 }, 8: { cursor: 3 } });
		await guard.beforeHandleAwareness(impostor);
		expect([...impostor.states.keys()]).toEqual([8]);
	});

	it('gives a socket’s client ids back when it disconnects, and only that socket’s', async () => {
		const guard = new AwarenessGuard();
		const sockets = Array.from({ length: 1000 }, (_, i) => `socket-${i}`);
		for (const [i, socketId] of sockets.entries())
			await guard.beforeHandleAwareness(frame(socketId, `U${i}`, { [i]: { cursor: i } }));

		for (const socketId of sockets.slice(0, 500))
			await guard.onDisconnect({ socketId } as Parameters<AwarenessGuard['onDisconnect']>[0]);

		const takeover = frame(
			'socket-new',
			'New',
			Object.fromEntries(sockets.map((_, i) => [i, { cursor: 0 }]))
		);
		await guard.beforeHandleAwareness(takeover);
		// The first 500 ids are free again; the other 500 still belong to sockets that are connected.
		expect([...takeover.states.keys()]).toEqual(Array.from({ length: 500 }, (_, i) => i));
	});
});
