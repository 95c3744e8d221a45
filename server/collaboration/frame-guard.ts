// A client that sends garbage is disconnected (its socket closes), and every other document keeps working.
// Hocuspocus on its own answers a bad frame with a per-document close message and leaves the socket open.
// An update that would hold the event loop too long (update-budget.ts) is refused the same way, before
// anything integrates it.
import type { Extension, beforeHandleMessagePayload } from '@hocuspocus/server';
import { CloseCode, closeReasons } from '../../src/lib/domain/close-codes.ts';
import type { ConnectionContext } from './context.ts';
import { documentUpdateOf, MalformedFrame, readClientFrame } from './frames.ts';
import { collaborationLimits } from './limits.ts';
import { exceedsUpdateBudget } from './update-budget.ts';

export class ChangeTooLarge extends Error {
	readonly code = CloseCode.ChangeTooLarge;
	constructor() {
		super(`an update carries more than ${collaborationLimits.updateWorkBudget} structs`);
		this.name = 'ChangeTooLarge';
	}
}

export class FrameGuard implements Extension {
	priority = 900;
	extensionName = 'tandem-frame-guard';

	constructor(private readonly updateWorkBudget: number = collaborationLimits.updateWorkBudget) {}

	beforeHandleMessage({
		update: bytes,
		context
	}: beforeHandleMessagePayload<ConnectionContext>): Promise<void> {
		const refuse = (code: CloseCode, error: Error) => {
			context.closeSocket(code, closeReasons[code]);
			return Promise.reject(error);
		};
		try {
			const update = documentUpdateOf(readClientFrame(bytes)); // parsed once: the acknowledgement path reads the same value
			if (update && exceedsUpdateBudget(update, this.updateWorkBudget))
				return refuse(CloseCode.ChangeTooLarge, new ChangeTooLarge());
		} catch (error) {
			const malformed = error instanceof MalformedFrame ? error : new MalformedFrame(String(error));
			return refuse(CloseCode.InvalidMessage, malformed);
		}
		return Promise.resolve();
	}
}
