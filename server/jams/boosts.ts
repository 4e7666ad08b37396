import type { MessageView } from '../../shared/model.ts';
import { forbidden } from '../errors.ts';
import { presentMessage } from '../presenters.ts';
import type { Standing } from '../moderation/standing.ts';
import type { UserRow } from '../store/users.ts';
import { loadJamContext, messageIn } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';

/** Boosting: anyone signed in amplifies a visible message; counts feed the digest and reports. */
export class Boosts {
  constructor(
    private readonly deps: Deps,
    private readonly standing: Standing,
  ) {}

  async boost(user: UserRow, slug: string, id: string, boosted: boolean): Promise<MessageView> {
    const context = await loadJamContext(this.deps.store, slug);
    await this.standing.assertMay(context, user, 'boost');
    const target = await messageIn(this.deps.store, context, id);
    if (target.hidden) throw forbidden('a hidden message cannot be boosted');
    const row = (await this.deps.store.messages.setBoost(id, user.id, boosted, this.deps.clock.now().toISOString()))!;
    const message = presentMessage(row, slug);
    this.deps.events.emit('message:updated', { jamId: context.jam.id, jamSlug: slug, message });
    return message;
  }
}
