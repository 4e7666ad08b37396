/**
 * Answer and question prefixes, as chat participants type them: "A3: …", "A3 …", "a3) …", "A3. …",
 * "A3- …". Hosts post "Q3: …". The number must be followed by punctuation or a space so that
 * "A380 is a plane" and "A3B" are not answers.
 */
const ANSWER_PREFIX = /^\s*[Aa]\s?(\d{1,2})(?:\s*[:.)\-–—]\s*|\s+)/u;
const QUESTION_PREFIX = /^\s*[Qq]\s?(\d{1,2})(?:\s*[:.)\-–—]\s*|\s+)/u;

/** The question number an answer names, or null. */
export function parseAnswerNumber(text: string): number | null {
  const match = ANSWER_PREFIX.exec(text);
  return match ? Number(match[1]) : null;
}

/** The question number a host post names ("Q3: …"), or null. */
export function parseQuestionNumber(text: string): number | null {
  const match = QUESTION_PREFIX.exec(text);
  return match ? Number(match[1]) : null;
}

/**
 * Which question a post belongs to: an explicit, existing "A3" wins, then (for hosts) "Q3",
 * then the question that is current when it is posted.
 */
export function attachQuestion(input: { text: string; questionCount: number; current: number | null; isHost: boolean }): number | null {
  const named = parseAnswerNumber(input.text) ?? (input.isHost ? parseQuestionNumber(input.text) : null);
  if (named !== null && named >= 1 && named <= input.questionCount) return named;
  return input.current;
}

/** The prefix the composer offers for one-click answers. */
export function answerPrefix(question: number): string {
  return `A${question}: `;
}
