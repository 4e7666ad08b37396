import * as linkify from 'linkifyjs';
import type { AutomodAction, AutomodRule, AutomodSettings } from '../../shared/interaction.ts';

/** What the automatic moderation rules look at for one post (only the facts its enabled rules need). */
export interface PostFacts {
  text: string;
  /** Days since the account was created; null when unknown (posts bridged from X). */
  accountAgeDays: number | null;
  /** Earlier published posts by the author anywhere here. */
  priorPosts: number;
  /** Posts in the jam with exactly this text within the repeated-text window, this one excluded. */
  sameTextRecent: number;
  /** Posts by the author in the jam within the last minute, this one excluded. */
  postsLastMinute: number;
}

export interface AutomodVerdict {
  rule: AutomodRule;
  action: AutomodAction;
  /** What fired, in words, for the audit log and the host console. */
  detail: string;
}

const WORD = '[\\p{L}\\p{N}_]';

/** A blocked phrase as whole words in any case, or the host's own regular expression. */
export function blockedMatcher(pattern: string, regex: boolean): RegExp {
  if (regex) return new RegExp(pattern, 'iu');
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(?<!${WORD})${escaped}(?!${WORD})`, 'iu');
}

export const hasLink = (text: string) => linkify.find(text, 'url').length > 0;

/**
 * The first rule a post breaks, or null. Order: blocked words and patterns, repeated text, posting
 * rate, links from young or quiet accounts, first post of a new account. Pure.
 */
export function judgePost(settings: AutomodSettings, facts: PostFacts): AutomodVerdict | null {
  if (!settings.enabled) return null;
  for (const rule of settings.blocked) {
    if (blockedMatcher(rule.pattern, rule.regex).test(facts.text)) {
      return { rule: 'blocked', action: rule.action, detail: rule.regex ? `matches the pattern /${rule.pattern}/` : `contains the blocked term “${rule.pattern}”` };
    }
  }
  const { repeated, rate, links, firstPost } = settings;
  if (repeated.enabled && facts.sameTextRecent + 1 >= repeated.times) {
    return { rule: 'repeated', action: repeated.action, detail: `the same text ${facts.sameTextRecent + 1} times within ${repeated.minutes} min` };
  }
  if (rate.enabled && facts.postsLastMinute + 1 > rate.postsPerMinute) {
    return { rule: 'rate', action: 'hold', detail: `more than ${rate.postsPerMinute} posts in a minute` };
  }
  if (links.enabled && hasLink(facts.text)) {
    const young = facts.accountAgeDays !== null && facts.accountAgeDays < links.minAccountDays;
    const quiet = facts.priorPosts < links.minPriorPosts;
    if (young || quiet) {
      return { rule: 'links', action: 'hold', detail: young ? `a link from an account younger than ${links.minAccountDays} days` : `a link from an account with fewer than ${links.minPriorPosts} earlier posts` };
    }
  }
  if (firstPost.enabled && facts.priorPosts === 0 && (facts.accountAgeDays === null || facts.accountAgeDays < firstPost.accountDays)) {
    return { rule: 'firstPost', action: 'hold', detail: `the first post of an account younger than ${firstPost.accountDays} days` };
  }
  return null;
}

/** Which facts the enabled rules need, so a post pays only for the queries that matter. */
export function neededFacts(settings: AutomodSettings, text: string): { sameText: boolean; rate: boolean; priorPosts: boolean } {
  if (!settings.enabled) return { sameText: false, rate: false, priorPosts: false };
  return {
    sameText: settings.repeated.enabled,
    rate: settings.rate.enabled,
    priorPosts: settings.firstPost.enabled || (settings.links.enabled && hasLink(text)),
  };
}
