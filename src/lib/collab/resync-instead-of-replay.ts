// "Saved" must wait for every edit made while disconnected (docs/design.md §5). When its socket opens again, the
// Hocuspocus provider does two things: it re-syncs, restarting its count of changes waiting for the server
// at one (the acknowledgement of its sync step 2 reply), and it replays the updates it queued while
// offline. Each replayed update is acknowledged too, so the first of those acknowledgements brought the
// count to zero while the rest were still on their way to the database (the fault battery saw edits shown
// as saved go missing after a kill -9). The step 2 reply already carries everything the server lacks,
// offline edits included, so the queued updates are dropped when the socket opens and the re-sync alone
// sends them, under the one acknowledgement the count expects.
import { MessageType, type HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import { messageYjsUpdate } from 'y-protocols/sync';

/** Whether a queued frame is a document update ([document name][Sync][update][bytes]). */
export function isQueuedUpdate(message: unknown): boolean {
	if (!(message instanceof Uint8Array)) return false;
	try {
		const decoder = decoding.createDecoder(message);
		decoding.readVarString(decoder);
		return (
			decoding.readVarUint(decoder) === MessageType.Sync && decoding.readVarUint(decoder) === messageYjsUpdate
		);
	} catch {
		return false;
	}
}

/** The provider keeps its queue private; this is the one place that reaches into it. */
interface WithQueue {
	messageQueue: unknown[];
}

export function resyncInsteadOfReplay(socket: HocuspocusProviderWebsocket): void {
	socket.on('open', () => {
		const queued = socket as unknown as WithQueue;
		queued.messageQueue = queued.messageQueue.filter((message) => !isQueuedUpdate(message));
	});
}
