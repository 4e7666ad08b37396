import { routes } from '../../../shared/api/routes.ts';
import type { CannedPost } from '../../../shared/console.ts';
import type { LiftNetworkBanInput, NetworkBanInput, SanctionKind } from '../../../shared/moderation.ts';
import type { ModerationAction, PostMode, QuestionInput, ShowAction } from '../../../shared/model.ts';
import type { SubscribableEvent } from '../../../shared/webhooks.ts';
import { call } from './http.ts';

/** The HTTP API the host console uses, one function per route. */
export const hostApi = {
  control: (slug: string, action: ShowAction, minutes?: number) => call(routes.jams.control, { params: { slug }, body: { action, minutes } }),
  editQuestions: (slug: string, questions: QuestionInput[]) => call(routes.jams.update, { params: { slug }, body: { questions } }),
  post: (slug: string, body: { clientId: string; text: string; replyTo?: string | null; mode: PostMode; question?: number }) => call(routes.jams.post, { params: { slug }, body }),
  moderate: (slug: string, id: string, action: ModerationAction, reason?: string) => call(routes.jams.moderate, { params: { slug, id }, body: { action, reason: reason || undefined } }),
  approve: (slug: string, id: string) => call(routes.moderation.approve, { params: { slug, id } }),
  reject: (slug: string, id: string, reason?: string) => call(routes.moderation.deleteMessage, { params: { slug, id }, body: { reason: reason || undefined } }),
  dismissReport: (slug: string, id: string) => call(routes.moderation.dismissReport, { params: { slug, id } }),
  queue: (slug: string) => call(routes.moderation.queue, { params: { slug } }),
  configure: (slug: string, body: { slowModeSec?: number; premoderation?: boolean }) => call(routes.moderation.configure, { params: { slug }, body }),
  sanction: (slug: string, body: { handle: string; kind: SanctionKind; jam?: string; minutes?: number; reason?: string }) => call(routes.moderation.impose, { params: { slug }, body }),
  sanctions: (slug: string) => call(routes.moderation.sanctions, { params: { slug } }),
  lift: (slug: string, body: { handle: string; kind: SanctionKind; jam?: string }) => call(routes.moderation.lift, { params: { slug }, body }),
  banBridged: (slug: string, body: NetworkBanInput) => call(routes.moderation.banNetworkAuthor, { params: { slug }, body }),
  bridgedBans: (slug: string) => call(routes.moderation.networkBans, { params: { slug } }),
  unbanBridged: (slug: string, body: LiftNetworkBanInput) => call(routes.moderation.liftNetworkBan, { params: { slug }, body }),
  audit: (slug: string, jam?: string) => call(routes.moderation.audit, { params: { slug }, query: { limit: 200, jam } }),
  addCohost: (slug: string, handle: string) => call(routes.moderation.addCohost, { params: { slug }, body: { handle } }),
  removeCohost: (slug: string, handle: string) => call(routes.moderation.removeCohost, { params: { slug, handle } }),
  addPanelist: (slug: string, handle: string) => call(routes.moderation.addPanelist, { params: { slug }, body: { handle } }),
  removePanelist: (slug: string, handle: string) => call(routes.moderation.removePanelist, { params: { slug, handle } }),
  createInvite: (slug: string, uses: number, days: number) => call(routes.moderation.createInvite, { params: { slug }, body: { uses, days } }),
  invites: (slug: string) => call(routes.console.invites, { params: { slug } }),
  revokeInvite: (slug: string, id: string) => call(routes.console.revokeInvite, { params: { slug, id } }),
  acceptInvite: (token: string) => call(routes.moderation.acceptInvite, { params: { token } }),
  cannedPosts: (slug: string) => call(routes.console.cannedPosts, { params: { slug } }),
  saveCannedPosts: (slug: string, posts: CannedPost[]) => call(routes.console.saveCannedPosts, { params: { slug }, body: { posts } }),
};

export const integrationsApi = {
  webhooks: (slug: string) => call(routes.webhooks.list, { params: { slug } }),
  createWebhook: (slug: string, url: string, events: SubscribableEvent[]) => call(routes.webhooks.create, { params: { slug }, body: { url, events } }),
  removeWebhook: (slug: string, id: string) => call(routes.webhooks.remove, { params: { slug, id } }),
  testWebhook: (slug: string, id: string) => call(routes.webhooks.test, { params: { slug, id } }),
  rotateSecret: (slug: string, id: string) => call(routes.webhooks.rotateSecret, { params: { slug, id } }),
  deliveries: (slug: string) => call(routes.webhooks.deliveries, { params: { slug }, query: { limit: 20 } }),
  linkX: (slug: string) => call(routes.x.link, { params: { slug } }),
  unlinkX: (slug: string) => call(routes.x.unlink, { params: { slug } }),
};
