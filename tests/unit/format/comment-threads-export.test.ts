// A thread exports whole: the passage it is on (or that the passage was deleted), who wrote it and when,
// whether it was resolved, and every reply. Search reads the replies too.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorForQuote } from '../../../src/lib/domain/comment-anchors.ts';
import { addComment, addReply, setResolved } from '../../../src/lib/domain/comments.ts';
import { commentsForExport } from '../../../src/lib/domain/document-content.ts';
import { searchableText } from '../../../src/lib/domain/search-text.ts';
import { commentsSection } from '../../../src/lib/format/export/export-tree.ts';
import { toMarkdown } from '../../../src/lib/format/export/markdown.ts';

function documentWithThread(): Y.Doc {
	const doc = new Y.Doc();
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText('Students discussed the text in pairs.')]);
	doc.getXmlFragment('body').insert(0, [paragraph]);
	const anchor = anchorForQuote(doc, 'discussed the text', 0);
	addComment(doc, {
		id: 't1',
		authorId: 'coach',
		text: 'Threadcanary opener',
		at: '2026-01-05T15:00:00Z',
		mentions: [],
		anchor
	});
	addReply(doc, 't1', {
		id: 'r1',
		authorId: 'teacher',
		text: 'Replycanary answer',
		at: '2026-01-05T15:05:00Z',
		mentions: []
	});
	setResolved(doc, 't1', { by: 'teacher', at: '2026-01-05T15:10:00Z' });
	return doc;
}

const context = { people: { coach: 'Casey Coach', teacher: 'Taylor Teacher' }, timeZone: 'UTC' };

describe('comment threads in exports and search', () => {
	it('exports the passage, the thread, its resolution and every reply', () => {
		const markdown = toMarkdown({
			type: 'doc',
			content: commentsSection(commentsForExport(documentWithThread()), context)
		});
		expect(markdown).toContain('On "discussed the text"');
		expect(markdown).toContain('Threadcanary opener');
		expect(markdown).toContain('resolved by Taylor Teacher');
		expect(markdown).toContain('Reply from **Taylor Teacher**');
		expect(markdown).toContain('Replycanary answer');
	});

	it('says a thread is on deleted text once its passage is gone', () => {
		const doc = documentWithThread();
		const body = doc.getXmlFragment('body');
		body.delete(0, body.length);
		const [thread] = commentsForExport(doc);
		expect(thread?.onDeletedText).toBe(true);
		expect(thread?.quote).toBe('discussed the text');
	});

	it('indexes replies for search, not only the opening comment', () => {
		const text = searchableText(documentWithThread());
		expect(text).toContain('Threadcanary opener');
		expect(text).toContain('Replycanary answer');
	});
});
