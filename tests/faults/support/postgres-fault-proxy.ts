// A TCP proxy between Tandem and a real Postgres server that takes the database away on command: cut every
// connection and refuse new ones ("down"), cut a connection the moment it runs a statement matching a
// pattern ("fail"), or hold such statements back ("slow"). It reads just enough of the frontend protocol to
// see statements: simple queries carry their text, and postgres.js prepares each statement once per
// connection (Parse carries the text and a name) and then only binds it by name, so names are remembered.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface StatementRule {
	/** Matched against the statement's SQL text. */
	pattern: RegExp;
	/** Cut the connection (the query fails), or delay the statement by this many milliseconds. */
	action: 'fail' | { delayMs: number };
	/** Chance that a matching statement is affected; draws come from `random` so runs replay from a seed. */
	probability?: number;
	random?: () => number;
	/** Statements this rule matched so far (counted by the proxy). */
	hits?: number;
}

export interface FaultProxyStats {
	connections: number;
	refused: number;
	cut: number;
	delayed: number;
	matched: number;
}

export interface PostgresFaultProxy {
	port: number;
	/** The same database URL, pointing at the proxy instead. */
	urlFor(databaseUrl: string): string;
	/** The database is unreachable: every open connection is cut and new ones are refused. */
	down(): void;
	up(): void;
	readonly isDown: boolean;
	/** Replaces the statement rules (none: everything passes). */
	setRules(rules: StatementRule[]): void;
	readonly stats: FaultProxyStats;
	close(): Promise<void>;
}

interface Link {
	client: Socket;
	upstream: Socket;
	buffer: Buffer;
	startupDone: boolean;
	/** Prepared statement name → its SQL text, for this connection. */
	statements: Map<string, string>;
	/** The SQL of the unnamed statement parsed last (postgres.js can bind it right after parsing). */
	unnamed: string;
	/** Bytes held back by a delay, in order; nothing overtakes them. */
	holding: boolean;
	held: Buffer[];
}

export async function startPostgresFaultProxy(target: {
	host: string;
	port: number;
}): Promise<PostgresFaultProxy> {
	const links = new Set<Link>();
	let rules: StatementRule[] = [];
	let isDown = false;
	const stats: FaultProxyStats = { connections: 0, refused: 0, cut: 0, delayed: 0, matched: 0 };

	const cut = (link: Link) => {
		stats.cut += 1;
		link.client.destroy();
		link.upstream.destroy();
		links.delete(link);
	};

	/** What to do with a statement: pass, cut or delay (ms). */
	const decide = (sql: string): 'pass' | 'fail' | number => {
		for (const rule of rules) {
			if (!rule.pattern.test(sql)) continue;
			stats.matched += 1;
			rule.hits = (rule.hits ?? 0) + 1;
			if ((rule.random ?? Math.random)() >= (rule.probability ?? 1)) return 'pass';
			return rule.action === 'fail' ? 'fail' : rule.action.delayMs;
		}
		return 'pass';
	};

	const forward = (link: Link, bytes: Buffer, delayMs = 0) => {
		if (delayMs > 0 || link.holding) {
			link.held.push(bytes);
			if (delayMs > 0 && !link.holding) {
				link.holding = true;
				stats.delayed += 1;
				setTimeout(() => {
					link.holding = false;
					const held = link.held.splice(0);
					if (!link.upstream.destroyed) for (const chunk of held) link.upstream.write(chunk);
				}, delayMs);
			}
			return;
		}
		if (!link.upstream.destroyed) link.upstream.write(bytes);
	};

	/** Splits the client's stream into protocol messages and applies the rules to each statement. */
	const inspect = (link: Link, chunk: Buffer) => {
		link.buffer = link.buffer.length ? Buffer.concat([link.buffer, chunk]) : chunk;
		for (;;) {
			if (!link.startupDone) {
				// Startup, SSL and cancel requests: an int32 length (itself included), no type byte.
				if (link.buffer.length < 8) return;
				const length = link.buffer.readInt32BE(0);
				if (link.buffer.length < length) return;
				const code = link.buffer.readInt32BE(4);
				const message = link.buffer.subarray(0, length);
				link.buffer = link.buffer.subarray(length);
				// SSLRequest (80877103) and GSSENCRequest are answered before the real startup message.
				if (code !== 80877103 && code !== 80877104) link.startupDone = true;
				forward(link, message);
				continue;
			}
			if (link.buffer.length < 5) return;
			const length = link.buffer.readInt32BE(1);
			if (link.buffer.length < length + 1) return;
			const message = link.buffer.subarray(0, length + 1);
			link.buffer = link.buffer.subarray(length + 1);
			const sql = statementOf(link, message);
			const verdict = sql === null ? 'pass' : decide(sql);
			if (verdict === 'fail') return cut(link);
			forward(link, message, typeof verdict === 'number' ? verdict : 0);
		}
	};

	const server: Server = createServer((client) => {
		stats.connections += 1;
		if (isDown) {
			stats.refused += 1;
			client.destroy();
			return;
		}
		const upstream = connect(target.port, target.host);
		const link: Link = {
			client,
			upstream,
			buffer: Buffer.alloc(0),
			startupDone: false,
			statements: new Map(),
			unnamed: '',
			holding: false,
			held: []
		};
		links.add(link);
		client.on('data', (chunk: Buffer) => inspect(link, chunk));
		upstream.on('data', (chunk: Buffer) => {
			if (!client.destroyed) client.write(chunk);
		});
		const end = () => {
			client.destroy();
			upstream.destroy();
			links.delete(link);
		};
		client.on('error', end);
		upstream.on('error', end);
		client.on('close', end);
		upstream.on('close', end);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;

	return {
		port,
		urlFor(databaseUrl) {
			const url = new URL(databaseUrl);
			url.hostname = '127.0.0.1';
			url.port = String(port);
			return url.toString();
		},
		down() {
			isDown = true;
			for (const link of [...links]) cut(link);
		},
		up() {
			isDown = false;
		},
		get isDown() {
			return isDown;
		},
		setRules(next) {
			rules = next;
		},
		stats,
		async close() {
			for (const link of [...links]) {
				link.client.destroy();
				link.upstream.destroy();
			}
			links.clear();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

/** The SQL a frontend message runs, or null for messages that run nothing (remembering what Parse prepares). */
function statementOf(link: Link, message: Buffer): string | null {
	const type = String.fromCharCode(message[0] ?? 0);
	const body = message.subarray(5);
	if (type === 'Q') return cString(body, 0).value; // simple query
	if (type === 'P') {
		// Parse: statement name, query text, parameter types.
		const name = cString(body, 0);
		const query = cString(body, name.next);
		if (name.value) link.statements.set(name.value, query.value);
		else link.unnamed = query.value;
		return null; // prepared, not run: the rules apply where it is bound
	}
	if (type === 'B') {
		// Bind: portal name, statement name, ... The statement runs when its Execute follows.
		const portal = cString(body, 0);
		const statement = cString(body, portal.next);
		return statement.value ? (link.statements.get(statement.value) ?? null) : link.unnamed;
	}
	return null;
}

function cString(buffer: Buffer, start: number): { value: string; next: number } {
	const end = buffer.indexOf(0, start);
	const stop = end < 0 ? buffer.length : end;
	return { value: buffer.toString('utf8', start, stop), next: stop + 1 };
}
