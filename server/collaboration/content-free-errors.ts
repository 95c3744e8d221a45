// Hocuspocus logs what a hook throws (`[onStoreDocument] <message>`, "closing connection … because of
// exception <error>"), and a failed statement's error carries its parameters: a document's update bytes,
// that is its text. Every hook of our extensions rethrows database failures as a DatabaseError that names
// the statement and the error only (issue 13); other errors pass unchanged, close codes included.
import type { Extension } from '@hocuspocus/server';
import { contentFreeError } from '../../src/lib/server/db/errors.ts';

export function withContentFreeErrors<E extends Extension>(extension: E): E {
	return new Proxy(extension, {
		get(target, property, receiver) {
			const value = Reflect.get(target, property, receiver) as unknown;
			if (typeof property !== 'string' || typeof value !== 'function' || !isHook(property)) return value;
			return async (...args: unknown[]) => {
				try {
					return await (value as (...a: unknown[]) => unknown).apply(target, args);
				} catch (error) {
					throw contentFreeError(error);
				}
			};
		}
	});
}

function isHook(name: string): boolean {
	return /^(on|before|after)[A-Z]/.test(name);
}
