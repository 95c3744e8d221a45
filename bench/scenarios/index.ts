// Every scenario `npm run bench` knows, in the order a full run goes through them. One line each.
import type { Scenario } from '../scenario.ts';
import { s1Propagation } from './s1-propagation.ts';
import { s2HotDocument } from './s2-hot-document.ts';
import { s3Breadth } from './s3-breadth.ts';
import { s4ColdLoad } from './s4-cold-load.ts';
import { s5Durability } from './s5-durability.ts';
import { s6RosterImport } from './s6-roster-import.ts';

export const scenarios: Scenario<unknown>[] = [
	s1Propagation,
	s2HotDocument,
	s3Breadth,
	s4ColdLoad,
	s5Durability,
	s6RosterImport
];
