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

	it('keeps nothing for workspace documents, the school’s shared space', () => {
		const shared = { ...cycleDocument, owner: { kind: 'workspace' } } as const;
		expect(ledgerEntryFor(member('b'), shared, 'doc', 'read', 'api', true)).toBeNull();
		expect(ledgerEntryFor(member('b'), shared, 'doc', 'read', 'api', false)).toBeNull();
	});

	it('keeps, for a PLC’s members, reads by stewards who added themselves and refusals, not members’ own work', () => {
		const plc = {
			...cycleDocument,
			owner: { kind: 'plc', plcId: 'plc-1', memberIds: ['a', 'admin'], selfAddedIds: ['admin'] }
		} as const;
		expect(ledgerEntryFor(member('a'), plc, 'doc', 'read', 'socket', true)).toBeNull();
		expect(ledgerEntryFor(member('admin'), plc, 'doc', 'export', 'export', true)).toMatchObject({
			actorId: 'admin',
			documentId: 'doc',
			plcId: 'plc-1',
			action: 'export',
			decision: 'allowed'
		});
		expect(ledgerEntryFor(member('b'), plc, 'doc', 'read', 'api', false)).toMatchObject({
			actorId: 'b',
			plcId: 'plc-1',
			decision: 'denied'
		});
	});
});
