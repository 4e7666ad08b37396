import { routes } from '../../../shared/api/routes.ts';
import type { AudienceModerateInput, AutomodSettings, CreatePollInput, PollAction } from '../../../shared/interaction.ts';
import { call } from './http.ts';

/** The HTTP API for audience questions, polls, the not-yet-answered queue and automatic moderation (hosts' side). */
export const interactionApi = {
  moderate: (slug: string, id: string, body: AudienceModerateInput) => call(routes.interaction.moderateQuestion, { params: { slug, id }, body }),
  promote: (slug: string, id: string) => call(routes.interaction.promote, { params: { slug, id } }),
  createPoll: (slug: string, body: CreatePollInput) => call(routes.interaction.createPoll, { params: { slug }, body }),
  pollAction: (slug: string, id: string, action: PollAction) => call(routes.interaction.pollAction, { params: { slug, id }, body: { action } }),
  unanswered: (slug: string) => call(routes.interaction.unanswered, { params: { slug } }),
  automod: (slug: string) => call(routes.interaction.automodSettings, { params: { slug } }),
  saveAutomod: (slug: string, body: AutomodSettings) => call(routes.interaction.saveAutomod, { params: { slug }, body }),
  automodActions: (slug: string) => call(routes.interaction.automodActions, { params: { slug } }),
  undoAutomod: (slug: string, entryId: number) => call(routes.interaction.undoAutomod, { params: { slug, entryId } }),
};
