// Each person's caret and avatar colour, the same on every screen: derived from their user id.
// Readable, distinct colours (each passes 4.5:1 behind white label text).
const PALETTE = ['#b91c1c', '#c2410c', '#a16207', '#15803d', '#0f766e', '#1d4ed8', '#6d28d9', '#be185d'];

export function colorFor(userId: string): string {
	let hash = 0;
	for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return PALETTE[hash % PALETTE.length] as string;
}
