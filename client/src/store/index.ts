import { create } from 'zustand';
import { archiveSlice, type ArchiveSlice } from './archive.ts';
import { columnsSlice, type ColumnsSlice } from './columns.ts';
import { interactionSlice, type InteractionSlice } from './interaction.ts';
import { composerSlice, type ComposerSlice } from './composer.ts';
import { connectionSlice, type ConnectionSlice } from './connection.ts';
import { jamSlice, type JamSlice } from './jam.ts';
import { outboxSlice, saveOutbox, type OutboxSlice } from './outbox.ts';
import { paceSlice, type PaceSlice } from './pace.ts';
import { consoleSlice, type ConsoleSlice } from './console.ts';
import { sessionSlice, type SessionSlice } from './session.ts';
import { streamSlice, type StreamSlice } from './stream.ts';

/** The one client store, bound from per-domain slices (zustand's slices pattern). */
export type Store = SessionSlice & JamSlice & StreamSlice & ConnectionSlice & OutboxSlice & PaceSlice & ComposerSlice & ColumnsSlice & ArchiveSlice & ConsoleSlice & InteractionSlice;

export const useStore = create<Store>()((...a) => ({
  ...sessionSlice(...a),
  ...jamSlice(...a),
  ...streamSlice(...a),
  ...connectionSlice(...a),
  ...outboxSlice(...a),
  ...paceSlice(...a),
  ...composerSlice(...a),
  ...columnsSlice(...a),
  ...archiveSlice(...a),
  ...interactionSlice(...a),
  ...consoleSlice(...a),
}));

// The outbox is kept per jam in the browser (see outbox.ts) whenever it changes.
useStore.subscribe((state, previous) => {
  if (state.jam && state.outbox !== previous.outbox && state.jam.slug === previous.jam?.slug) saveOutbox(state.jam.slug, state.outbox);
});
