// Every scenario `npm run bench` knows, in the order a full run goes through them. One line each.
import type { Scenario } from '../scenario.ts';
import { s1Propagation } from './s1-propagation.ts';

export const scenarios: Scenario<unknown>[] = [s1Propagation];
