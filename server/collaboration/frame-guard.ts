// A client that sends garbage is disconnected (its socket closes), and every other document keeps working.
// Hocuspocus on its own answers a bad frame with a per-document close message and leaves the socket open.
import type { Extension, beforeHandleMessagePayload } from '@hocuspocus/server';
import { CloseCode, closeReasons } from '../../src/lib/domain/close-codes.ts';
import type { ConnectionContext } from './context.ts';
import { readClientFrame } from './frames.ts';

export class FrameGuard implements Extension {
	priority = 900;
	extensionName = 'tandem-frame-guard';

	beforeHandleMessage({
		update: frame,
		context
	}: beforeHandleMessagePayload<ConnectionContext>): Promise<void> {
		try {
			readClientFrame(frame); // parsed once: the acknowledgement path reads the same value
		} catch (error) {
			context.closeSocket(CloseCode.InvalidMessage, closeReasons[CloseCode.InvalidMessage]);
			return Promise.reject(error);
		}
		return Promise.resolve();
	}
}
