import type { MessageView } from '../../shared/model.ts';
import type { ModerationAction } from '../../shared/schemas.ts';
import { forbidden } from '../errors.ts';
import { presentMessage } from '../presenters.ts';
import type { UserRow } from '../store/users.ts';
import { loadJamContext, roleIn } from './context.ts';
import type { Deps } from './deps.ts';
import { Posting } from './posting.ts';

/** Hosts feature and hide messages; a hidden message vanishes from every viewer and export. */
export class Moderation {
  constructor(private readonly deps: Deps) {}

  async moderate(user: UserRow, slug: string, id: string, action: ModerationAction, reason?: string): Promise<MessageView> {
    const { store, events } = this.deps;
    const context = await loadJamContext(store, slug);
    if (roleIn(context, user.id) !== 'host') throw forbidden(`only hosts of ${context.series.hashtag} can ${action} messages`);
    await Posting.messageIn(this.deps, context, id);
    const flags =
      action === 'hide' ? { hidden: 1, hidden_reason: reason ?? null } : action === 'unhide' ? { hidden: 0, hidden_reason: null } : { featured: action === 'feature' ? 1 : 0 };
    const row = (await store.messages.setFlags(id, flags))!;
    const message = presentMessage(row, slug);
    const base = { jamId: context.jam.id, jamSlug: slug };
    if (action === 'hide') events.emit('message:hidden', { ...base, id });
    else events.emit('message:updated', { ...base, message });
    return message;
  }
}
