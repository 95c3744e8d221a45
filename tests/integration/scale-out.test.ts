// Scale-out (issue 7, docs/design.md §3): with REDIS_URL and DATABASE_URL, several Tandem processes serve the same
// documents. Clients on different processes converge, each change is stored once, and the clients of a
// process that dies reconnect to another (a round robin of addresses, as behind a load balancer) without
// losing any edit they saw acknowledged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, connectSynced, waitFor } from '../support/collab-client.ts';
import { createWorkspaceDocument } from '../support/fixtures.ts';
import { HttpClient, inviteAndJoin, signUp, type SignedUp } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { redisAnswers, reportMissing, scrapeMetrics, seedFromEnv } from '../faults/support/services.ts';
import { startPostgresFaultProxy } from '../faults/support/postgres-fault-proxy.ts';
import { missingFrom, readStoredDocument, Typist } from '../faults/support/tandem.ts';

const METRICS_TOKEN = 'scale-out-metrics';
const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const ready = Boolean(databaseUrl && redisUrl) && (await redisAnswers(redisUrl));

/** Whether a list becomes empty within a few seconds (a disconnect reaches Redis asynchronously). */
async function eventuallyEmpty(list: () => Promise<unknown[]>): Promise<boolean> {
	for (let i = 0; i < 50; i++) {
		if ((await list()).length === 0) return true;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return false;
}

async function appendedTotal(servers: TestServer[]): Promise<number> {
	let total = 0;
	for (const server of servers)
		total += (await scrapeMetrics(server, METRICS_TOKEN)).get('tandem_updates_appended_total') ?? 0;
	return total;
}

if (!ready) {
	describe('scale-out over Redis', () => {
		reportMissing(
			'scale-out over Redis',
			!databaseUrl || !redisUrl
				? 'no Postgres server (TEST_DATABASE_URL) and Redis server (REDIS_URL) to scale out on'
				: `Redis does not answer at ${redisUrl}`
		);
	});
} else {
	describe('scale-out: two Tandem processes on one Postgres and one Redis', () => {
		let first: TestServer;
		let second: TestServer;
		let owner: SignedUp;
		const seed = seedFromEnv();

		beforeAll(async () => {
			first = await startTestServer('postgres', { REDIS_URL: redisUrl!, METRICS_TOKEN });
			// The second process joins the first one's database (migrations are already applied: it waits on
			// the same advisory lock and finds nothing to do). Behind a load balancer every process has the
			// same public origin: here, the first one's address.
			second = await startTestServer('postgres', {
				REDIS_URL: redisUrl!,
				METRICS_TOKEN,
				DATABASE_URL: first.env.DATABASE_URL!,
				ORIGIN: first.url
			});
			owner = await signUp(first.url, { workspace: 'Two-process School' });
		});

		afterAll(async () => {
			await second?.dispose();
			await first?.dispose();
		});

		it('both processes say they are joined through Redis', async () => {
			for (const server of [first, second]) {
				const metrics = await scrapeMetrics(server, METRICS_TOKEN);
				const joined = [...metrics].find(([name]) => name.startsWith('tandem_scale_out{'));
				expect(joined?.[1], 'tandem_scale_out is 1 on a joined process').toBe(1);
			}
		});

		it('converges clients on different processes, and stores each change once', async () => {
			const documentId = await createWorkspaceDocument(owner, 'Shared across processes');
			const cookie = owner.client.cookieHeader;
			const onFirst = await connectSynced(first.wsUrl, documentId, cookie);
			const onSecond = connectClient({ wsUrl: second.wsUrl, documentId, cookie, origin: first.url });
			await onSecond.authenticated;
			await waitFor(() => onSecond.provider.isSynced, 10_000, 'sync on the second process');
			const before = await appendedTotal([first, second]);

			const edits = 40;
			for (let i = 0; i < edits; i++) {
				// One transaction per keystroke: each is one update, stored by the process that received it.
				const [writer, name] = i % 2 === 0 ? [onFirst, 'a'] : [onSecond, 'b'];
				const text = writer.doc.getText('probe');
				text.insert(text.length, `<${name}${i}>`);
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			await Promise.all([onFirst.allSaved(), onSecond.allSaved()]);
			await waitFor(
				() => onFirst.doc.getText('probe').toString() === onSecond.doc.getText('probe').toString(),
				10_000,
				'the two processes to converge'
			);
			const text = onFirst.doc.getText('probe').toString();
			for (let i = 0; i < edits; i++) expect(text).toContain(`<${i % 2 === 0 ? 'a' : 'b'}${i}>`);

			// Every keystroke was appended exactly once across both processes: neither re-stored what Redis
			// relayed to it.
			expect((await appendedTotal([first, second])) - before).toBe(edits);
			onFirst.destroy();
			onSecond.destroy();
			const stored = await readStoredDocument({ databaseUrl: first.env.DATABASE_URL }, documentId);
			expect(stored.doc.getText('probe').toString()).toBe(text);
		});

		it('closes a deactivated member’s socket on the other process within 1 s', async () => {
			const documentId = await createWorkspaceDocument(owner, 'Access ends everywhere');
			const teacher = await inviteAndJoin(owner, ['teacher']);
			// Connected to the second process; the admin deactivates them through the first.
			const client = connectClient({
				wsUrl: second.wsUrl,
				documentId,
				cookie: teacher.client.cookieHeader,
				origin: first.url
			});
			try {
				await client.authenticated;
				let closedAt = 0;
				const closed = client.nextClose(5000).then((code) => {
					closedAt = Date.now();
					return code;
				});
				const response = await owner.client.postForm('/members?/deactivate', { userId: teacher.user.id });
				const answeredAt = Date.now();
				expect([200, 303]).toContain(response.status);
				expect(await closed).toBe(4205);
				// Within a second of the admin's answer (the close travels through Redis to the other process).
				expect(closedAt - answeredAt).toBeLessThan(1000);
			} finally {
				client.destroy();
			}
		});

		it('tells a PLC who is in which document, whichever process either of them is on', async () => {
			const ana = await inviteAndJoin(owner, ['teacher'], 'Ana Alvarez');
			const ben = await inviteAndJoin(owner, ['teacher'], 'Ben Brooks');
			const plc = await owner.client.json<{ id: string }>(`/api/v1/workspaces/${owner.workspaceId}/plcs`, {
				method: 'POST',
				body: { name: 'Grade 4 team', memberIds: [ana.user.id, ben.user.id], facilitatorId: ana.user.id }
			});
			expect(plc.status).toBe(201);
			const agenda = await ana.client.json<{ id: string }>(`/api/v1/plcs/${plc.body.id}/documents`, {
				method: 'POST',
				body: { kind: 'plc_notes', template: 'plc_agenda' }
			});
			expect(agenda.status).toBe(201);
			const present = async () =>
				(
					await ben.client.json<{ documents: { id: string; people: { name: string }[] }[] }>(
						`/api/v1/plcs/${plc.body.id}/presence`
					)
				).body.documents
					.find((d) => d.id === agenda.body.id)
					?.people.map((p) => p.name) ?? [];

			// Ana is on the second process; Ben asks the first, where the agenda is not even open.
			const onSecond = connectClient({
				wsUrl: second.wsUrl,
				documentId: agenda.body.id,
				cookie: ana.client.cookieHeader,
				origin: first.url
			});
			try {
				await onSecond.authenticated;
				await waitFor(() => onSecond.provider.isSynced, 10_000, 'sync on the second process');
				expect(await present()).toEqual(['Ana Alvarez']);
			} finally {
				onSecond.destroy();
			}
			// Gone once she leaves.
			expect(await eventuallyEmpty(present)).toBe(true);
		});

		it('shares log-in limits: the third wrong password in a row is refused whichever process gets it', async () => {
			const email = owner.user.email;
			const attempt = (server: TestServer) =>
				new HttpClient(server.url).postForm(
					'/login',
					{ email, password: 'not the password' },
					{ origin: first.url }
				);
			expect((await attempt(first)).status).toBe(400);
			expect((await attempt(second)).status).toBe(400);
			// Per process, this would be the first process's second attempt, which is free.
			expect((await attempt(first)).status).toBe(429);
		});

		it('loses nothing a dying process relayed to the others before committing it', async () => {
			// A third process whose commits are held back at the wire: it applies and relays an edit at once,
			// and dies before the edit reaches its row. The author reconnects to the first process, which has
			// the edit only in memory.
			const database = new URL(first.env.DATABASE_URL!);
			const proxy = await startPostgresFaultProxy({
				host: database.hostname,
				port: Number(database.port || 5432)
			});
			const slow = await startTestServer('postgres', {
				REDIS_URL: redisUrl!,
				METRICS_TOKEN,
				DATABASE_URL: proxy.urlFor(first.env.DATABASE_URL!),
				ORIGIN: first.url
			});
			try {
				const documentId = await createWorkspaceDocument(owner, 'Relayed, then orphaned');
				const cookie = owner.client.cookieHeader;
				const watcher = await connectSynced(first.wsUrl, documentId, cookie);
				const author = connectClient({
					wsUrl: slow.wsUrl,
					failoverUrls: [first.wsUrl],
					origin: first.url,
					documentId,
					cookie,
					reconnect: true
				});
				await author.authenticated;
				await waitFor(() => author.provider.isSynced, 10_000, 'sync on the slow process');

				proxy.setRules([{ pattern: /insert into "document_updates"/, action: { delayMs: 60_000 } }]);
				author.doc.getText('probe').insert(0, 'orphaned-edit');
				await waitFor(
					() => watcher.doc.getText('probe').toString().includes('orphaned-edit'),
					5000,
					'the edit to be relayed to the first process'
				);
				await slow.kill9();
				// The author's re-sync on the first process is acknowledged: the edit must be in a row by then.
				await author.allSaved(20_000);
				const stored = await readStoredDocument({ databaseUrl: first.env.DATABASE_URL }, documentId);
				expect(stored.doc.getText('probe').toString()).toContain('orphaned-edit');
				author.destroy();
				watcher.destroy();
			} finally {
				proxy.setRules([]);
				await slow.dispose();
				await proxy.close();
			}
		});

		it('moves the clients of a killed process to the other one and loses no acknowledged edit', async () => {
			const documentId = await createWorkspaceDocument(owner, 'Survives a dead process');
			const cookie = owner.client.cookieHeader;
			// Round robin, as a load balancer: one typist starts on each process; a reconnect takes the next address.
			const typists = [
				new Typist('p', {
					wsUrl: first.wsUrl,
					failoverUrls: [second.wsUrl],
					origin: first.url,
					documentId,
					cookie
				}),
				new Typist('q', {
					wsUrl: second.wsUrl,
					failoverUrls: [first.wsUrl],
					origin: first.url,
					documentId,
					cookie
				})
			];
			for (const typist of typists) {
				await typist.client.authenticated;
				await waitFor(() => typist.client.provider.isSynced, 10_000, 'sync');
				typist.start(20);
			}
			await new Promise((resolve) => setTimeout(resolve, 600));
			const acknowledgedBeforeKill = typists.reduce((n, t) => n + t.acknowledged.size, 0);
			await second.kill9();
			const killedAt = Date.now();
			await new Promise((resolve) => setTimeout(resolve, 1500));
			for (const typist of typists) typist.stop();
			for (const typist of typists) await typist.client.allSaved(20_000);
			const movedAfterMs = Date.now() - killedAt;

			await waitFor(
				() => typists[0]!.text() === typists[1]!.text(),
				10_000,
				'the moved client to converge with the other'
			);
			for (const typist of typists) {
				expect(
					missingFrom(typists[0]!.text(), typist.typed),
					`${typist.name}: everything typed is there`
				).toEqual([]);
			}
			for (const typist of typists) typist.destroy();
			const stored = (await readStoredDocument({ databaseUrl: first.env.DATABASE_URL }, documentId)).doc
				.getText('probe')
				.toString();
			const lost = typists.flatMap((typist) => missingFrom(stored, typist.acknowledged));
			const acknowledged = typists.reduce((n, t) => n + t.acknowledged.size, 0);
			console.log(
				`scale-out kill -9: seed ${seed}`,
				JSON.stringify({ acknowledgedBeforeKill, acknowledged, lost: lost.length, movedAfterMs })
			);
			expect(lost).toEqual([]);
			expect(acknowledged).toBeGreaterThan(acknowledgedBeforeKill);
			await second.restart();
		});
	});
}
