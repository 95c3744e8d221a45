// Canary words: one unique word per content field, written by the people allowed to read it, and a scanner
// that finds any of them in what someone else received — as text, and in the encodings a leak takes on the
// way (Yjs update bytes, hex and base64 of bytes, a Buffer printed as JSON numbers).
import { randomBytes } from 'node:crypto';

export interface Canary {
	word: string;
	/** The field it was written into, named for a failure message: "goal.statement", "cycle.focus"… */
	field: string;
	/** Who may read it (names of the school's people). */
	readers: ReadonlySet<string>;
	/** Nobody reads it back (anonymous feedback before it is pooled): the crawl only proves it never shows. */
	unseen: boolean;
}

export interface Sighting {
	canary: Canary;
	/** Where it was seen: "GET /api/v1/cycles/… body", "socket frame from …". */
	where: string;
	encoding: 'text' | 'hex' | 'base64' | 'byte list';
}

const PREFIX = 'cnry';
// A letter after the number, so that no canary's encoding is a prefix of another's (base64 ends mid-character).
const SUFFIX = 'z';

export class CanaryBook {
	/** Six random hex digits, so a canary never matches a word from another run, the templates or the seed. */
	readonly run = randomBytes(3).toString('hex');
	private readonly canaries: Canary[] = [];
	private readonly byWord = new Map<string, Canary>();
	private readonly patterns: { encoding: Sighting['encoding']; regex: RegExp }[];

	constructor() {
		const prefix = `${PREFIX}${this.run}x`;
		const hex = Buffer.from(prefix).toString('hex');
		const byteList = [...Buffer.from(prefix)].join(',\\s*');
		this.patterns = [
			{ encoding: 'text', regex: new RegExp(`${prefix}\\d{3}${SUFFIX}`, 'gi') },
			{ encoding: 'hex', regex: new RegExp(`${hex}(?:3[0-9]){3}7a`, 'gi') },
			{ encoding: 'byte list', regex: new RegExp(`${byteList}(?:,\\s*(?:4[89]|5[0-7])){3},\\s*122`, 'g') }
		];
	}

	/** A new canary for `field`, readable by `readers`. Lower case letters and digits: it survives Markdown, HTML and CSV. */
	mint(field: string, readers: Iterable<string>, options: { unseen?: boolean } = {}): string {
		const word = `${PREFIX}${this.run}x${String(this.canaries.length).padStart(3, '0')}${SUFFIX}`;
		const canary: Canary = { word, field, readers: new Set(readers), unseen: options.unseen === true };
		this.canaries.push(canary);
		this.byWord.set(word, canary);
		return word;
	}

	get all(): readonly Canary[] {
		return this.canaries;
	}

	/** Every canary in `content`, in any of the encodings above. */
	scan(content: string | Uint8Array, where: string): Sighting[] {
		const text = typeof content === 'string' ? content : Buffer.from(content).toString('latin1');
		const found = new Map<string, Sighting>();
		const note = (canary: Canary | undefined, encoding: Sighting['encoding']) => {
			if (canary && !found.has(canary.word)) found.set(canary.word, { canary, where, encoding });
		};
		for (const { encoding, regex } of this.patterns) {
			for (const match of text.matchAll(regex)) {
				const raw = match[0];
				const word =
					encoding === 'text'
						? raw.toLowerCase()
						: encoding === 'hex'
							? Buffer.from(raw, 'hex').toString('latin1').toLowerCase()
							: Buffer.from(raw.split(/,\s*/).map(Number)).toString('latin1');
				note(this.byWord.get(word), encoding);
			}
		}
		// Base64 depends on where the word starts in the encoded bytes: look for each canary at each of the three
		// alignments, but only when the text holds something that may be base64 of the prefix at all.
		if (this.base64Prefixes.some((p) => text.includes(p))) {
			for (const canary of this.canaries)
				if (base64Forms(canary.word).some((form) => text.includes(form))) note(canary, 'base64');
		}
		return [...found.values()];
	}

	private get base64Prefixes(): string[] {
		return base64Forms(`${PREFIX}${this.run}x`);
	}
}

/** The base64 characters that depend only on `word`, for each of its three possible alignments. */
function base64Forms(word: string): string[] {
	const forms: string[] = [];
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(word)]).toString('base64');
		// Characters fully determined by the word: skip those that mix in the padding bytes before it and
		// the partial group at its end.
		const start = Math.ceil((offset * 4) / 3);
		const end = Math.floor(((offset + word.length) * 4) / 3);
		forms.push(encoded.slice(start, end));
	}
	return forms;
}
