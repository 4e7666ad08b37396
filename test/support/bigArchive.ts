import SQLite from 'better-sqlite3';
import { nanoid } from 'nanoid';

/** Test support: a generated archive, one more jam of the demo series, its messages written by bulk SQL (not through the API, for speed). */
export function generateArchive(file: string, size: number): string {
  const db = new SQLite(file);
  try {
    const model = db.prepare(`SELECT * FROM jams WHERE slug = 'cxjam-voice-of-the-customer'`).get() as Record<string, unknown>;
    const id = `big-${nanoid(6)}`;
    const jam = { ...model, id, slug: 'cxjam-the-big-archive', title: 'The big archive (generated)', starts_at: '2026-10-01T17:00:00.000Z', last_seq: size, announced_status: 'ended' };
    const columns = Object.keys(jam);
    db.transaction(() => {
      db.prepare(`INSERT INTO jams (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...Object.values(jam));
      db.prepare('INSERT INTO questions (jam_id, n, text, offset_min) SELECT ?, n, text, offset_min FROM questions WHERE jam_id = ?').run(id, model.id);
      db.prepare('INSERT INTO question_releases (jam_id, n, released_at) SELECT ?, n, released_at FROM question_releases WHERE jam_id = ?').run(id, model.id);
      const authors = db.prepare(`SELECT id, handle, display_name FROM users ORDER BY handle LIMIT 6`).all() as { id: string; handle: string; display_name: string }[];
      const pick = (field: 'id' | 'handle' | 'display_name') => `CASE i % ${authors.length} ${authors.map((a, k) => `WHEN ${k} THEN '${a[field].replace(/'/g, "''")}'`).join(' ')} END`;
      // Text with accents, emoji and a quote, replies, hidden and featured messages: what exports must carry over exactly.
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO messages (id, jam_id, seq, client_id, author_id, author_handle, author_name, author_role, text, question, reply_to, source,
                               hidden, hidden_reason, featured, boost_count, held, created_at)
         SELECT ? || '-' || i, ?, i, 'c-' || i, ${pick('id')}, ${pick('handle')}, ${pick('display_name')}, 'participant',
                'A' || (i % 6 + 1) || ': réponse n°' || i || ' — “checkout” 🚀 & <b>not bold</b> #CXJam', i % 6 + 1,
                CASE WHEN i % 10 = 0 THEN ? || '-' || (i - 1) END, 'native',
                CASE WHEN i % 97 = 0 THEN 1 ELSE 0 END, CASE WHEN i % 97 = 0 THEN 'off topic' END, CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END, i % 3, 0,
                strftime('%Y-%m-%dT%H:%M:%fZ', '2026-10-01T17:00:00Z', '+' || (i * 0.036) || ' seconds')
         FROM n`,
      ).run(size, id, id, id);
    })();
    return id;
  } finally {
    db.close();
  }
}
