// What the access ledger keeps of an authorization decision (issue #6).
import { describe, expect, it } from 'vitest';
import type { Actor, Resource } from '../../../src/lib/domain/permissions.ts';
import { ledgerEntryFor } from '../../../src/lib/server/ledger/ledger.ts';

const WS = 'ws-1';
const member = (userId: string, workspaceId = WS): Actor => ({
	userId,
	memberships: new Map([[workspaceId, { roles: ['teacher'], active: true }]])
});
const cycleDocument: Extract<Resource, { type: 'document' }> = {
	type: 'document',
	workspaceId: WS,
	owner: { kind: 'cycle', coachId: 'coach', teacherId: 'teacher' },
	shares: [{ userId: 'principal', access: 'read' }]
};

describe('ledgerEntryFor', () => {
	it('keeps nothing of the pair’s own work', () => {
		expect(ledgerEntryFor(member('teacher'), cycleDocument, 'doc', 'read', 'page', true)).toBeNull();
		expect(ledgerEntryFor(member('coach'), cycleDocument, 'doc', 'write', 'socket', true)).toBeNull();
	});

	it('keeps every read by someone else, with its channel', () => {
		expect(ledgerEntryFor(member('principal'), cycleDocument, 'doc', 'export', 'export', true)).toEqual({
			workspaceId: WS,
			actorId: 'principal',
			documentId: 'doc',
			action: 'export',
			channel: 'export',
			decision: 'allowed'
		});
	});

	it('keeps every refusal, even the pair’s, and marks people of other workspaces as outsiders', () => {
		expect(ledgerEntryFor(member('coach'), cycleDocument, 'doc', 'share', 'api', false)?.decision).toBe(
			'denied'
		);
		expect(
			ledgerEntryFor(member('stranger', 'ws-2'), cycleDocument, 'doc', 'read', 'socket', false)
		).toMatchObject({
			actorId: 'stranger',
			decision: 'denied',
			detail: { outsider: 'true' }
		});
		expect(ledgerEntryFor(null, cycleDocument, 'doc', 'read', 'api', false)).toMatchObject({ actorId: null });
	});

	it('keeps nothing for PLC and workspace documents, which are not private coaching', () => {
		const plc = { ...cycleDocument, owner: { kind: 'plc', memberIds: ['a'] } } as const;
		expect(ledgerEntryFor(member('b'), plc, 'doc', 'read', 'api', false)).toBeNull();
		const shared = { ...cycleDocument, owner: { kind: 'workspace' } } as const;
		expect(ledgerEntryFor(member('b'), shared, 'doc', 'read', 'api', true)).toBeNull();
	});
});
