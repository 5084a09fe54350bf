import { TRIAGE_START, answerPhoneTriage, parsePhoneTriage, phoneTriageOutcome } from './phone-triage';
import { DEFAULT_TELEPHONY_SETTINGS, type PhoneTriageQuestion } from './telephony-settings';
import { welcomePrompts } from './voice-prompts';

const QUESTIONS: PhoneTriageQuestion[] = [
  {
    id: 'safe-now',
    question: { en: 'If you are in danger now, press 1. If you are safe, press 2.' },
    answers: [{ key: '1', priority: 'urgent', riskFlag: 'danger-from-other' }, { key: '2' }],
  },
  {
    id: 'self-harm',
    question: { en: 'If you are thinking of hurting yourself, press 1. Otherwise press 2.' },
    answers: [{ key: '1', priority: 'high', riskFlag: 'suicidal-thoughts' }, { key: '2' }],
  },
];

describe('phone triage', () => {
  it('records a listed key, skips a question on silence or another key, and stops after the last', () => {
    let progress = answerPhoneTriage(QUESTIONS, TRIAGE_START, '1');
    expect(progress).toEqual({ at: 1, answers: { 'safe-now': '1' } });
    expect(answerPhoneTriage(QUESTIONS, progress, undefined)).toEqual({ at: 2, answers: { 'safe-now': '1' } });
    progress = answerPhoneTriage(QUESTIONS, progress, '7');
    expect(progress).toEqual({ at: 2, answers: { 'safe-now': '1' } });
    expect(answerPhoneTriage(QUESTIONS, progress, '1')).toBe(progress);
  });

  it('gives the most urgent priority of the answers and every risk code once', () => {
    expect(phoneTriageOutcome(QUESTIONS, { 'safe-now': '1', 'self-harm': '1' })).toEqual({
      priority: 'urgent',
      riskFlags: ['danger-from-other', 'suicidal-thoughts'],
    });
    expect(phoneTriageOutcome(QUESTIONS, { 'self-harm': '1' })).toEqual({
      priority: 'high',
      riskFlags: ['suicidal-thoughts'],
    });
    expect(phoneTriageOutcome(QUESTIONS, { 'safe-now': '2', removed: '1' })).toEqual({
      priority: 'normal',
      riskFlags: [],
    });
  });

  it('starts again from the first question when the stored progress is missing or unreadable', () => {
    expect(parsePhoneTriage(null)).toEqual(TRIAGE_START);
    expect(parsePhoneTriage('{"at":1,"answers":{"safe-now":"2"}}')).toEqual({ at: 1, answers: { 'safe-now': '2' } });
    expect(parsePhoneTriage('not json')).toEqual(TRIAGE_START);
  });

  it('greets in the helpline’s words where it wrote them for the line’s language, else in Tuki’s', () => {
    const settings = {
      ...DEFAULT_TELEPHONY_SETTINGS,
      greeting: { fi: 'Tervetuloa Tukilinjaan.' },
      announcement: { fi: 'Jonot ovat pitkiä.' },
    };
    expect(welcomePrompts(settings, 'fi')).toEqual([
      { language: 'fi', text: 'Tervetuloa Tukilinjaan.' },
      { language: 'fi', text: 'Jonot ovat pitkiä.' },
    ]);
    expect(welcomePrompts(settings, 'sv')).toEqual([
      { language: 'sv', text: 'Välkommen till stödtelefonen. Vi svarar så snart vi kan.' },
    ]);
  });
});
