// What a client may send about a PLC group: the API and the group forms parse with these.
import { z } from 'zod';
import { idList, optionalId } from './ids.ts';
import { text } from './text.ts';

export const plcName = text({ min: 1, max: 120, message: 'A group name has 1 to 120 characters.' });
export const plcDescription = text({
	max: 500,
	multiline: true,
	truncate: true,
	message: 'The description is text.'
});
export const plcMemberIds = idList({ max: 500, message: 'memberIds is a list of member ids.' });
const facilitator = optionalId('The facilitator is one of the group’s members.');

export const newPlc = z.object({
	name: plcName,
	description: plcDescription,
	facilitatorId: facilitator,
	memberIds: plcMemberIds.optional().transform((ids) => ids ?? [])
});

/** Every field optional; a facilitator of '' or null removes the facilitator. */
export const plcPatch = z.object({
	name: plcName.optional(),
	description: plcDescription.optional(),
	facilitatorId: z.preprocess((raw) => (raw === '' ? null : raw), facilitator.nullable().optional()),
	archived: z.boolean({ error: 'archived is true or false.' }).optional()
});

export const plcMembership = z.object({ memberIds: plcMemberIds });
