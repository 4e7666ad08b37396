/** What a deployment's keys and channels in a shared Redis begin with, unless REDIS_KEY says otherwise (both edges use it). */
export const DEFAULT_REDIS_KEY = 'tweetjam';
