import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../shared/model.ts';
import { audit, Ledger } from './ledger.ts';

describe('the soak audit', () => {
  it('audits more messages than a call can take as arguments, and still finds a gap and a loss', () => {
    const ledger = new Ledger();
    const stored: MessageView[] = [];
    for (let seq = 1; seq <= 300_000; seq++) {
      if (seq === 7) continue;
      const message = { id: `m${seq}`, clientId: `c${seq}`, seq } as MessageView;
      stored.push(message);
      ledger.ack(message);
    }
    ledger.ack({ id: 'm7', clientId: 'c7', seq: 7 } as MessageView);
    expect(audit(stored, ledger)).toMatchObject({ stored: 299_999, acked: 300_000, lost: ['c7'], duplicated: [], seqGaps: [7] });
  });
});
