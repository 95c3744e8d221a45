import { randomUUID } from 'node:crypto';

/** Every id in Tandem is a random UUID string. */
export const newId = (): string => randomUUID();
