import { describe, expect, it } from 'vitest';
import { runSoak } from './soak.ts';

/** The CI-sized soak: one minute of posts, reconnects and restarts (kill -9 and SIGTERM), then the audit. */
describe('a one-minute soak', () => {
  it('loses and duplicates nothing acknowledged across reconnects and restarts', { timeout: 180_000 }, async () => {
    const report = await runSoak({ durationMs: 60_000, people: 5, restartEveryMs: 12_000 });
    console.log(`soak: ${report.audit.acked} acked, ${report.audit.stored} stored, restarts ${JSON.stringify(report.restarts)}, ${report.reconnects} reconnects, ${report.resent} resent, ${report.redelivered} redelivered`);
    expect(report.audit).toMatchObject({ lost: [], duplicated: [], seqGaps: [], conflicts: [] });
    expect(report.audit.stored).toBe(report.audit.acked);
    expect(report.errors).toEqual([]);
    expect(report.viewerGaps).toEqual([]);
    expect(report.restarts.kill9 + report.restarts.sigterm).toBeGreaterThanOrEqual(2);
    expect(report.reconnects).toBeGreaterThan(10);
    expect(report.currentQuestion).toBe(2);
  });
});
