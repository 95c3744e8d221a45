// Runs in a worker thread with memory and time limits: merges a snapshot and log rows into one state.
// Crafted updates can make Yjs loop or exhaust memory (yjs#687); here that kills a worker, not the server.
// Plain JavaScript on purpose: a worker must start the same under tsx, Vite and a built bundle.
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';

parentPort?.on('message', (request) => {
	try {
		const doc = new Y.Doc({ gc: true });
		if (request.snapshot) Y.applyUpdate(doc, request.snapshot);
		for (const update of request.updates) Y.applyUpdate(doc, update);
		const state = Y.encodeStateAsUpdate(doc);
		doc.destroy();
		parentPort?.postMessage({ id: request.id, state }, [state.buffer]);
	} catch (error) {
		parentPort?.postMessage({ id: request.id, error: String(error) });
	}
});
