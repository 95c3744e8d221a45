// Two and ten real providers editing concurrently always converge, with the server and the database.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backends } from '../support/backends.ts';
import { connectClient, waitFor, type CollabClient } from '../support/collab-client.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Edit =
	| { client: number; kind: 'insert'; at: number; text: string }
	| { client: number; kind: 'delete'; at: number; length: number }
	| { client: number; kind: 'set'; key: string; value: number };

const editArbitrary = (clients: number) =>
	fc.oneof(
		fc.record({
			client: fc.nat(clients - 1),
			kind: fc.constant('insert' as const),
			at: fc.nat(200),
			text: fc.string({ unit: fc.constantFrom(...'abcdefgh XYZ.,é'), minLength: 1, maxLength: 6 })
		}),
		fc.record({
			client: fc.nat(clients - 1),
			kind: fc.constant('delete' as const),
			at: fc.nat(200),
			length: fc.integer({ min: 1, max: 4 })
		}),
		fc.record({
			client: fc.nat(clients - 1),
			kind: fc.constant('set' as const),
			key: fc.constantFrom('a', 'b', 'c'),
			value: fc.integer()
		})
	);

function apply(doc: Y.Doc, edit: Edit) {
	const text = doc.getText('probe');
	if (edit.kind === 'insert') text.insert(Math.min(edit.at, text.length), edit.text);
	else if (edit.kind === 'delete') {
		const at = Math.min(edit.at, text.length);
		text.delete(at, Math.min(edit.length, text.length - at));
	} else doc.getMap('settings').set(edit.key, edit.value);
}

// Map entries compared by key: converged maps may list keys in different insertion orders.
const state = (doc: Y.Doc) =>
	JSON.stringify({
		text: doc.getText('probe').toString(),
		map: Object.entries(doc.getMap('settings').toJSON()).sort(([a], [b]) => a.localeCompare(b))
	});

describe.each(backends)('convergence under concurrent edits (%s)', (backend) => {
	let server: TestServer;
	let owner: SignedUp;
	beforeAll(async () => {
		server = await startTestServer(backend);
		owner = await signUp(server.url, { workspace: 'Converging School' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	for (const clientCount of [2, 10]) {
		it(`${clientCount} clients converge on random concurrent edits`, async () => {
			const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
			console.log(`convergence with ${clientCount} clients: fast-check seed ${seed}`);
			await fc.assert(
				fc.asyncProperty(
					fc.array(editArbitrary(clientCount), { minLength: 5, maxLength: 60 }),
					async (edits) => {
						const documentId = await createWorkspaceDocument(owner, 'Convergence');
						const clients: CollabClient[] = [];
						try {
							for (let i = 0; i < clientCount; i++) {
								const client = connectClient({
									wsUrl: server.wsUrl,
									documentId,
									cookie: owner.client.cookieHeader
								});
								clients.push(client);
							}
							await Promise.all(clients.map((c) => c.authenticated));
							await waitFor(() => clients.every((c) => c.provider.isSynced), 10_000, 'initial sync');
							// Bursts of edits from different clients interleave with their network delivery.
							for (const edit of edits) apply((clients[edit.client] as CollabClient).doc, edit);
							await Promise.all(clients.map((c) => c.allSaved()));
							const expected = () => state((clients[0] as CollabClient).doc);
							await waitFor(() => clients.every((c) => state(c.doc) === expected()), 10_000, 'convergence');
							const fresh = connectClient({
								wsUrl: server.wsUrl,
								documentId,
								cookie: owner.client.cookieHeader
							});
							try {
								await fresh.authenticated;
								await waitFor(() => fresh.provider.isSynced, 10_000, 'fresh sync');
								expect(state(fresh.doc)).toBe(expected());
							} finally {
								fresh.destroy();
							}
						} finally {
							for (const c of clients) c.destroy();
						}
					}
				),
				{ numRuns: clientCount === 2 ? 25 : 8, seed }
			);
		});
	}
});
