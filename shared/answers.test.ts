import { describe, expect, it } from 'vitest';
import { attachQuestion, parseAnswerNumber, parseQuestionNumber } from './answers.ts';

describe('answer prefixes', () => {
  it.each([
    ['A3: yes', 3],
    ['A3 yes', 3],
    ['a3) yes', 3],
    ['A3. yes', 3],
    ['A3 - yes', 3],
    ['  A12: late', 12],
    ['A 3: spaced', 3],
  ])('reads %j as an answer to Q%i', (text, n) => {
    expect(parseAnswerNumber(text)).toBe(n);
  });

  it.each(['A380 is a plane', 'A3B rating', 'Answer: 3', 'about A3: later', 'A3'])('does not read %j as an answer', (text) => {
    expect(parseAnswerNumber(text)).toBeNull();
  });

  it('reads host question prefixes', () => {
    expect(parseQuestionNumber('Q2: what next?')).toBe(2);
    expect(parseQuestionNumber('Quick note')).toBeNull();
  });
});

describe('attaching a post to a question', () => {
  const base = { questionCount: 6, current: 4, isHost: false };
  it('follows an explicit answer number', () => {
    expect(attachQuestion({ ...base, text: 'A2: late answer' })).toBe(2);
  });
  it('falls back to the current question', () => {
    expect(attachQuestion({ ...base, text: 'great point!' })).toBe(4);
  });
  it('ignores numbers of questions that do not exist', () => {
    expect(attachQuestion({ ...base, text: 'A9: nope' })).toBe(4);
  });
  it('lets hosts post "Q3"; participants cannot move a post that way', () => {
    expect(attachQuestion({ ...base, isHost: true, text: 'Q3: reminder' })).toBe(3);
    expect(attachQuestion({ ...base, text: 'Q3: reminder' })).toBe(4);
  });
  it('is null before the first question', () => {
    expect(attachQuestion({ ...base, current: null, text: 'hello all' })).toBeNull();
  });
});
