// The shared building blocks of every boundary's schema (API bodies, form actions, query strings, path
// params). Pure: the same schemas run in the browser.
export { cleanText, text, type TextOptions } from './text.ts';
export { id, idList, isId, optionalId } from './ids.ts';
export { flag, oneOf, optionalDate } from './fields.ts';
export { fieldErrors, invalidInput, parseField, parseInput } from './parse.ts';
