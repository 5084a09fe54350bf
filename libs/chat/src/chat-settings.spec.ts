import { DEFAULT_CHAT_SETTINGS, chatSettingsSchema, evaluateTriage, queueFor } from './chat-settings';

describe('chat settings', () => {
  const questions = DEFAULT_CHAT_SETTINGS.triage;

  it('keeps the default priority when the caller skips triage or answers reassuringly', () => {
    expect(evaluateTriage(questions, {})).toEqual({ priority: 'normal', riskFlags: [] });
    expect(evaluateTriage(questions, { 'safe-now': 'yes', 'self-harm': 'no' })).toEqual({
      priority: 'normal',
      riskFlags: [],
    });
  });

  it('raises the priority to the highest any answer gives, recording each reason code once', () => {
    expect(evaluateTriage(questions, { 'safe-now': 'unsure' })).toEqual({ priority: 'high', riskFlags: [] });
    expect(evaluateTriage(questions, { 'safe-now': 'unsure', 'self-harm': 'yes' })).toEqual({
      priority: 'urgent',
      riskFlags: ['suicidal-thoughts'],
    });
    expect(evaluateTriage(questions, { 'safe-now': 'no', 'self-harm': 'yes' })).toEqual({
      priority: 'urgent',
      riskFlags: ['danger-from-other', 'suicidal-thoughts'],
    });
  });

  it('names every unknown question and answer', () => {
    expect(evaluateTriage(questions, { 'safe-now': 'perhaps', hungry: 'yes' })).toEqual({
      problems: ['triage.safe-now: perhaps is not one of its answers', 'triage.hungry: no such question'],
    });
  });

  it('routes a topic with a queue of its own there, every other chat to the chat queue', () => {
    const settings = {
      ...DEFAULT_CHAT_SETTINGS,
      queueId: 'chat-queue',
      topics: [
        { code: 'extortion', label: { en: 'x' }, queueId: 'extortion-queue' },
        { code: 'other', label: { en: 'y' } },
      ],
    };
    expect(queueFor(settings, 'extortion')).toBe('extortion-queue');
    expect(queueFor(settings, 'other')).toBe('chat-queue');
    expect(queueFor(settings, undefined)).toBe('chat-queue');
  });

  it('accepts the defaults, keeps only origins of embedding sites, and names each bad field', () => {
    expect(chatSettingsSchema.safeParse(DEFAULT_CHAT_SETTINGS).success).toBe(true);
    const parsed = chatSettingsSchema.parse({
      ...DEFAULT_CHAT_SETTINGS,
      embedOrigins: ['https://helpline.example/support/chat?x=1', 'http://localhost:8080'],
    });
    expect(parsed.embedOrigins).toEqual(['https://helpline.example', 'http://localhost:8080']);
    const bad = chatSettingsSchema.safeParse({
      ...DEFAULT_CHAT_SETTINGS,
      embedOrigins: ['http://insecure.example'],
      triage: [...questions, questions[0]],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['embedOrigins.0', 'triage']));
  });
});
