/** The demo's people and words: a customer-experience chat, as such chats really read. */

export const DEMO_HOST = { handle: 'cx_host', displayName: 'Dana (CX Jam host)' };
export const DEMO_PASSWORD = 'tweetjam-demo';

export const PANELISTS = [
  { handle: 'priya_research', displayName: 'Priya Raman' },
  { handle: 'marco_ops', displayName: 'Marco Silva' },
  { handle: 'jen_design', displayName: 'Jen Okafor' },
  { handle: 'tom_support', displayName: 'Tom Lindqvist' },
];

export const PARTICIPANTS = [
  { handle: 'alex_b', displayName: 'Alex Brandt' },
  { handle: 'sam_cx', displayName: 'Sam Ito' },
  { handle: 'rosa_m', displayName: 'Rosa Martínez' },
  { handle: 'kwame', displayName: 'Kwame Mensah' },
  { handle: 'lena_ux', displayName: 'Lena Vogel' },
  { handle: 'raj_p', displayName: 'Raj Patel' },
];

export const SERIES = {
  name: 'CX Jam',
  hashtag: '#CXJam',
  description: 'A weekly hour on customer experience: research, operations, design and support, in the open.',
  rules: 'Be kind. Answer with A1:, A2: … so your answer lands under its question. No pitching.',
  timeZone: 'America/New_York',
};

export const ARCHIVED = {
  title: 'Voice of the customer programs that actually change things',
  description: 'Why most VoC programs produce dashboards and not decisions, and what the good ones do differently.',
  questions: [
    'What is the first sign that a voice-of-customer program is only producing dashboards?',
    'Who should own customer feedback: CX, product, or everyone?',
    'How do you close the loop with the customer who gave the feedback?',
    'Which one metric would you keep if you had to drop all the others?',
    'How do you get frontline support insight into the roadmap?',
    'What is one thing you will change on Monday after this chat?',
  ],
};

/** Per question: [author, text, replyToIndexWithinQuestion?] — replies point at an earlier line. */
export const ARCHIVED_LINES: [string, string, number?][][] = [
  [
    ['priya_research', 'A1: When nobody can name a decision that changed because of last quarter’s survey.'],
    ['marco_ops', 'A1: The NPS chart is in every deck and the churn reasons are in nobody’s backlog.'],
    ['alex_b', 'A1: When the survey goes out and the only follow-up is another survey 😅'],
    ['jen_design', 'A1: Research readouts with no owner on the last slide. Insight without an owner evaporates.'],
    ['sam_cx', 'so true — we had 14 dashboards and zero owners', 3],
    ['tom_support', 'A1: Support sees the same complaint 300 times and the program reports “sentiment is stable”.'],
    ['rosa_m', 'This one hurts. Stable sentiment, rising ticket volume.', 5],
  ],
  [
    ['marco_ops', 'A2: Everyone listens, one team curates. Otherwise it’s either a silo or a free-for-all.'],
    ['priya_research', 'A2: CX owns the system, product owns the decisions. Feedback needs both a librarian and a judge.'],
    ['kwame', 'A2: Whoever owns the budget for fixing it. Ownership without budget is theatre.'],
    ['jen_design', 'A2: Design should be in the room when feedback is triaged, not handed a summary later.'],
    ['lena_ux', '“a librarian and a judge” — stealing that', 1],
    ['tom_support', 'A2: Frontline teams should own tagging. They know the difference between a bug and a policy.'],
  ],
  [
    ['tom_support', 'A3: A personal note from the person who fixed it. Not a template. It takes two minutes.'],
    ['jen_design', 'A3: Publish a “you said, we did” page and link to it from the survey itself.'],
    ['raj_p', 'A3: We email customers when their request ships. Reply rates to those emails are wild.'],
    ['priya_research', 'A3: Tell people when you are NOT going to do something, and why. That builds more trust than silence.'],
    ['alex_b', 'Agree — a clear no beats an eternal “we’re looking into it”.', 3],
    ['marco_ops', 'A3: Close the inner loop in 48 hours, the outer loop in the quarterly roadmap review.'],
    ['sam_cx', 'What does “inner loop” mean in your team?', 5],
    ['marco_ops', 'The individual customer: acknowledge, fix or explain. Outer loop is the systemic fix.', 6],
  ],
  [
    ['marco_ops', 'A4: Customer effort. It predicts churn better than satisfaction in every dataset I’ve seen.'],
    ['priya_research', 'A4: Time to resolution for the top 5 contact reasons. Concrete and hard to game.'],
    ['rosa_m', 'A4: Repeat contact rate. If they call twice, we failed once.'],
    ['kwame', 'A4: Retention by cohort. Everything else is a leading indicator of it.'],
    ['jen_design', 'A4: Task success on the three journeys that matter most. Measured, not surveyed.'],
    ['lena_ux', 'Task success is so underrated. Surveys tell you what people remember, not what happened.', 4],
    ['tom_support', 'A4: Repeat contact, +1 to Rosa. It’s the metric support and product both understand.'],
  ],
  [
    ['tom_support', 'A5: Put a support lead in sprint review. Every two weeks, five minutes, top three pains.'],
    ['jen_design', 'A5: Let designers shadow support for a day each quarter. Nothing replaces hearing it live.'],
    ['alex_b', 'A5: Tag tickets with the feature area so PMs can subscribe to their own pain.'],
    ['priya_research', 'A5: Count it. “We heard this 212 times last month” moves a roadmap; anecdotes don’t.'],
    ['raj_p', 'We started a weekly “top 5 from the frontline” email. PMs actually read it.', 3],
    ['marco_ops', 'A5: Give frontline teams a small budget to fix paper cuts themselves.'],
    ['sam_cx', 'A small budget for paper cuts is brilliant. Who approves it?', 5],
    ['marco_ops', 'Team lead, up to a cap. If it’s bigger, it goes to the roadmap like anything else.', 6],
  ],
  [
    ['priya_research', 'A6: Add an owner and a decision column to our insights tracker.'],
    ['jen_design', 'A6: Book a support shadow day for the whole design team.'],
    ['tom_support', 'A6: Write personal follow-ups for the ten oldest open feedback items.'],
    ['marco_ops', 'A6: Kill two dashboards nobody opened last month.'],
    ['rosa_m', 'A6: Start tracking repeat contact by reason.'],
    ['kwame', 'A6: Ask finance which metric they trust and start there.'],
    ['lena_ux', 'A6: Run one task-success study on checkout.'],
    ['alex_b', 'Great chat everyone, thank you panel! 🙏'],
  ],
];

export const LIVE = {
  title: 'Support as a product: designing help people actually want',
  description: 'Self-service, escalation, and the moments when a human matters most.',
  questions: [
    'What makes a help center article genuinely helpful?',
    'When should a chatbot hand over to a human, and how?',
    'How do you measure support quality without surveys?',
    'What support moment turned a customer into a fan?',
    'How should support and product share a roadmap?',
    'What would you automate first, and what never?',
  ],
};

/** Answers the simulated people draw from, per question; each is said once per jam ("A{n}: " is added). */
export const LIVE_LINES: string[][] = [
  [
    'It answers the question in the first sentence, then explains.',
    'Screenshots that match the current UI. Outdated screenshots destroy trust.',
    'It says who it is for and what you need before you start.',
    'A “did this help?” that actually leads to edits, not just a counter.',
    'Short. If it scrolls three screens, it is three articles.',
    'It uses the customer’s words, not our internal feature names.',
    'A clear owner and a “last reviewed” date at the top.',
    'It links to the next thing people usually need, not to everything.',
    'Steps numbered, one action per step, the result of each step shown.',
  ],
  [
    'The moment the customer repeats themselves, hand over.',
    'Hand over with the full transcript so nobody has to start again.',
    'Anything involving money or safety goes to a human straight away.',
    'Let the customer ask for a human at any time, without a maze.',
    'When the bot’s confidence drops, say so honestly and offer a person.',
    'After two failed intents. Three is already one too many.',
    'When the customer is angry. Bots are terrible at de-escalation.',
    'Tell people how long the wait for a human is before they choose.',
  ],
  [
    'Repeat contact rate within seven days.',
    'Reopen rate, plus a sample of conversations reviewed every week.',
    'Time to first meaningful reply, not time to first auto-reply.',
    'How many tickets led to a fix in the product.',
    'Quality reviews by peers, scored on a rubric the team wrote.',
    'Customer effort, read from the transcript: how many times did they explain?',
    'Escalation rate by agent tenure. It shows where coaching helps.',
    'Churn of customers who contacted support vs. those who did not.',
  ],
  [
    'An agent who called back after a fix shipped, unprompted.',
    'Someone admitted our mistake and refunded before I asked.',
    'A 2am reply that actually solved it, written like a human.',
    'The agent remembered my previous issue without me explaining.',
    'A support rep who said “I don’t know, but I’ll find out by 3pm” — and did.',
    'They sent a handwritten card after a terrible outage. I still have it.',
    'An agent who told me the cheaper plan was enough for me.',
  ],
  [
    'A shared backlog with support pain ranked by volume and severity.',
    'Support leads attend planning; PMs do a support shift each quarter.',
    'Tag every ticket with a feature area and give PMs the dashboard.',
    'Monthly review of the top ten contact reasons with product and design.',
    'Release notes written with support, before the release, not after.',
    'A standing 10% of every sprint for fixes support asks for.',
    'One shared metric both teams own: contacts per thousand active users.',
  ],
  [
    'Automate password resets and order status first.',
    'Never automate bereavement, fraud or anything that needs judgement.',
    'Automate the triage, not the empathy.',
    'Automate data gathering so the human starts with context.',
    'Automate the follow-up: “is it still working?” a week later.',
    'Never automate an apology. It reads as exactly what it is.',
    'Automate routing by language and plan; keep the conversation human.',
  ],
];

/** How each simulated person writes: openers for their answers and their own reactions in replies. */
export const VOICES: Record<string, { openers: string[]; reactions: string[] }> = {
  priya_research: { openers: ['', 'From our research: ', 'The data says it plainly: ', 'In interviews it comes up every time: '], reactions: ['We saw exactly this in last quarter’s interviews.', 'Do you have numbers on that? I’d love to compare.', 'Yes, and it shows up in the verbatims too.', 'That matches what customers tell us, almost word for word.'] },
  marco_ops: { openers: ['', 'Operationally: ', 'From the ops side, ', 'Simple rule we use: '], reactions: ['We run this weekly. It works if someone owns it.', 'The hard part is keeping it going after month two.', 'Agree, and put a date on it or it never happens.', 'Costs less than people think. We did it in a sprint.'] },
  jen_design: { openers: ['', 'Design view: ', 'What we learned the hard way: ', 'Small thing, big effect: '], reactions: ['Love this. Designers should hear it first-hand.', 'This is a design problem as much as a support one.', 'We prototyped exactly that. People noticed within days.', 'Yes! And test it with five real customers first.'] },
  tom_support: { openers: ['', 'From the front line: ', 'Speaking as a support lead: ', 'Every agent knows this one: '], reactions: ['My team would cheer reading this.', 'This is the thing agents ask for most.', 'We tried it. Ticket volume on that topic halved.', '100%. The front line sees it weeks before anyone else.'] },
  alex_b: { openers: ['', 'For us, ', 'Honestly? ', 'Hot take: '], reactions: ['Stealing this for Monday.', 'Great point 👏', 'Never thought of it that way.', 'This is the one I’m taking back to my team.'] },
  sam_cx: { openers: ['', 'At our place: ', 'Curious if others agree, but ', ''], reactions: ['How do you measure that?', 'Who owns that in your team?', 'How long did it take to get buy-in?', 'Does this work for a small team too?'] },
  rosa_m: { openers: ['', 'In retail support: ', 'We learned: ', ''], reactions: ['Same in retail. Exactly the same.', 'This one hurts, because it’s true.', 'Agree, and it’s cheaper than it sounds.', 'Saving this thread.'] },
  kwame: { openers: ['', 'Finance angle: ', 'Budget-wise, ', ''], reactions: ['And it pays for itself within a quarter.', 'The CFO would love this one.', 'Put a number on it and it gets funded.', 'Solid. Costs nothing to try.'] },
  lena_ux: { openers: ['', 'UX research here: ', 'From usability tests: ', ''], reactions: ['Users say this in every test session.', 'Task success would show it immediately.', 'Yes — watch people try it and it’s obvious.', 'This deserves its own chat.'] },
  raj_p: { openers: ['', 'In SaaS: ', 'What worked for us: ', ''], reactions: ['We did this last year. Reply rates were wild.', 'Same result here, different industry.', 'Adding this to our playbook.', 'Yes! Small change, visible difference.'] },
};

/** What the host says to someone new who posts in the demo's live jam. */
export const WELCOMES = ['Welcome to #CXJam! Glad you’re here.', 'Good to see you here — jump in any time.', 'Welcome! Answer with A{n}: so it lands under the question.'];

/** Next week's jam, scheduled with its questions public, so the demo has an upcoming page too. */
export const UPCOMING = {
  title: 'Onboarding that sticks: the first 30 days of a customer',
  description: 'What new customers need in their first month, who should be there for them, and how to tell it worked.',
  questions: [
    'What is the one thing a new customer must achieve in week one?',
    'Who should own onboarding: success, support or product?',
    'Which onboarding emails actually get read?',
    'How do you know onboarding worked, 30 days later?',
  ],
};
