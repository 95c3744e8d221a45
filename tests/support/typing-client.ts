// A client in its own process for crash tests: types tokens into a document and prints "ACK <token>"
// for every token the server has acknowledged. Killed with the server; what it printed is the truth.
import { connectClient } from './collab-client.ts';

const { WS_URL, DOCUMENT_ID, COOKIE, CLIENT_NAME } = process.env;
if (!WS_URL || !DOCUMENT_ID || !COOKIE) throw new Error('WS_URL, DOCUMENT_ID and COOKIE are required');

const client = connectClient({ wsUrl: WS_URL, documentId: DOCUMENT_ID, cookie: COOKIE, reconnect: true });
await client.authenticated;

let typed = 0;
const pending: string[] = [];
client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
	// Every change typed so far is acknowledged once the count is back to zero.
	if (number === 0) for (const token of pending.splice(0)) process.stdout.write(`ACK ${token}\n`);
});

setInterval(() => {
	const token = `[${CLIENT_NAME ?? 'c'}-${typed++}]`;
	const text = client.doc.getText('probe');
	text.insert(text.length, token);
	pending.push(token);
}, 15);
