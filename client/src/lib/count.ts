/** "1 vote", "20,000 messages": a count with its noun, grouped by thousands, singular for one. */
export const count = (n: number, word: string, plural = `${word}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? word : plural}`;
