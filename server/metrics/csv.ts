import type { ContributorFigures, JamReport, SeriesMetrics } from '../../shared/reports.ts';
import { csvRow } from '../archive/csv.ts';

const lines = (rows: (string | number | boolean | null)[][]) => rows.map((row) => csvRow(row)).join('\r\n') + '\r\n';

/** The jam report as one tidy table (section, item, metric, value): easy to pivot in a spreadsheet. */
export function jamReportCsv(report: JamReport): string {
  const rows: (string | number | null)[][] = [['section', 'item', 'metric', 'value']];
  for (const [metric, value] of Object.entries(report.totals)) rows.push(['totals', '', metric, value]);
  for (const [metric, value] of Object.entries(report.viewers)) if (typeof value === 'number') rows.push(['viewers', '', metric, value]);
  rows.push(['reach', '', 'estimated', report.reach.estimated], ['reach', '', 'postersNotCountedAsViewers', report.reach.postersNotCountedAsViewers]);
  for (const q of report.questions) {
    rows.push(['question', `Q${q.n}`, 'messages', q.messages], ['question', `Q${q.n}`, 'replies', q.replies], ['question', `Q${q.n}`, 'participants', q.participants], ['question', `Q${q.n}`, 'coverage', q.coverage]);
  }
  for (const row of report.panelistGrid.rows) row.counts.forEach((count, i) => rows.push(['panelist', row.handle, `Q${report.panelistGrid.questions[i]}`, count]));
  for (const t of report.timeline) rows.push(['timeline', t.at, `minute ${t.minute}`, t.messages]);
  for (const m of report.viewers.perMinute) rows.push(['viewers_per_minute', m.minute, 'viewers', m.viewers], ['viewers_per_minute', m.minute, 'lurkers', m.lurkers]);
  for (const c of report.topContributors) rows.push(['top_contributor', c.handle, 'messages', c.messages]);
  for (const p of report.newFaces) rows.push(['new_face', p.handle, 'source', p.source]);
  if (report.interaction) {
    const { audienceQuestions, polls, acknowledgement } = report.interaction;
    for (const [metric, value] of Object.entries(audienceQuestions)) rows.push(['audience_questions', '', metric, value]);
    for (const [metric, value] of Object.entries(acknowledgement)) rows.push(['acknowledgement', 'within 5 min', metric, value]);
    for (const poll of polls) for (const option of poll.options) rows.push(['poll', poll.text, option.text, option.votes]);
  }
  return lines(rows);
}

/** Per-jam and per-month community figures in one table, told apart by `scope`. */
export function seriesMetricsCsv(metrics: SeriesMetrics): string {
  const rows: (string | number | null)[][] = [['scope', 'key', 'starts_at', 'jams', 'messages', 'participants', 'new', 'returning', 'unique_viewers', 'retention']];
  for (const j of metrics.jams) rows.push(['jam', j.slug, j.startsAt, 1, j.messages, j.participants, j.newParticipants, j.returningParticipants, j.uniqueViewers, j.retentionNext]);
  for (const m of metrics.months) rows.push(['month', m.month, null, m.jams, m.messages, m.activeParticipants, m.newParticipants, m.returningParticipants, m.uniqueViewers, m.retention]);
  for (const s of metrics.superUsers) rows.push(['super_user', s.handle, null, s.jams, s.messages, null, null, null, null, s.consistency]);
  return lines(rows);
}

/** Every contributor of a jam with their counts, for a CRM import. */
export function contributorsCsv(contributors: ContributorFigures[]): string {
  return lines([
    ['handle', 'display_name', 'role', 'source', 'messages', 'answers', 'replies', 'boosts_received', 'featured', 'new_face'],
    ...contributors.map((c) => [c.handle, c.displayName, c.role, c.source, c.messages, c.answers, c.replies, c.boostsReceived, c.featured, c.newFace]),
  ]);
}
