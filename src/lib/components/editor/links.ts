// Link targets typed by people, made safe for the editor.
const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:', 'tel:'];

/** A typed address as a safe link target: "example.org" becomes https://example.org/; javascript: is refused. */
export function normalizeLink(raw: string): string | null {
	const value = raw.trim();
	if (!value) return null;
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value)
		? value
		: /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(value)
			? `mailto:${value}`
			: `https://${value}`;
	try {
		const url = new URL(withScheme);
		if (!SAFE_PROTOCOLS.includes(url.protocol)) return null;
		if (url.protocol.startsWith('http') && !url.hostname.includes('.')) return null;
		return url.href;
	} catch {
		return null;
	}
}
