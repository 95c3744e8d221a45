// The size cap: a document's stored bytes (snapshot plus log tail, and what was appended since) may not
// grow past the configured cap. An update that would pass it closes its sender's socket with 4413.
import { CloseCode, closeReasons } from '../../src/lib/domain/close-codes.ts';

export class DocumentTooLarge extends Error {
	readonly code = CloseCode.DocumentTooLarge;
	readonly reason = closeReasons[CloseCode.DocumentTooLarge];
}

export class DocumentSizeCap {
	/** Stored bytes per loaded document: the snapshot and log tail, growing with each appended update. */
	private readonly bytes = new Map<string, number>();

	constructor(readonly capBytes: number) {}

	/** Whether adding `update` bytes would take the document past the cap. */
	wouldExceed(documentName: string, updateBytes: number): boolean {
		return (this.bytes.get(documentName) ?? 0) + updateBytes > this.capBytes;
	}

	/** What was loaded or compacted: the stored size as it is now. */
	set(documentName: string, bytes: number): void {
		this.bytes.set(documentName, bytes);
	}

	/** An update joins the document (appended here, or relayed by the process that appended it). */
	add(documentName: string, bytes: number): void {
		this.bytes.set(documentName, (this.bytes.get(documentName) ?? 0) + bytes);
	}

	forget(documentName: string): void {
		this.bytes.delete(documentName);
	}
}
