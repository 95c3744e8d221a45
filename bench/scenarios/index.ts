// Every scenario `npm run bench` knows, in the order a full run goes through them. One line each.
import type { Scenario } from '../scenario.ts';
import { s1Propagation } from './s1-propagation.ts';
import { s2HotDocument } from './s2-hot-document.ts';
import { s3Breadth } from './s3-breadth.ts';
import { s4ColdLoad } from './s4-cold-load.ts';
import { s5Durability } from './s5-durability.ts';
import { s6OneFrame } from './s6-one-frame.ts';
import { s7Search } from './s7-search.ts';
import { s8RosterImport } from './s8-roster-import.ts';

export const scenarios: Scenario<unknown>[] = [
	s1Propagation,
	s2HotDocument,
	s3Breadth,
	s4ColdLoad,
	s5Durability,
	s6OneFrame,
	s7Search,
	s8RosterImport
];
