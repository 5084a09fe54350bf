import { DEFAULT_CASE_SETTINGS, assignableCategories, caseSettingsSchema, mayMoveStatus } from './case-settings';

describe('case settings', () => {
  it('ships a valid default with breach and extortion categories and an "other" in every group', () => {
    expect(caseSettingsSchema.safeParse(DEFAULT_CASE_SETTINGS).success).toBe(true);
    const leaves = assignableCategories(DEFAULT_CASE_SETTINGS);
    for (const code of [
      'breach.leaked-records',
      'breach.extortion-message',
      'breach.paid',
      'breach.did-not-pay',
      'breach.identity-misuse',
      'breach.anxiety',
      'breach.suicidal-thoughts',
      'breach.child-affected',
    ])
      expect(leaves.has(code)).toBe(true);
    for (const group of DEFAULT_CASE_SETTINGS.taxonomy) expect(leaves.has(`${group.code}.other`)).toBe(true);
    // Groups themselves are headings, not categories a case is given.
    expect(leaves.has('breach')).toBe(false);
  });

  it('refuses a category group without "other", a duplicate code and a period out of range, naming each', () => {
    const settings = structuredClone(DEFAULT_CASE_SETTINGS);
    settings.taxonomy[0].children = settings.taxonomy[0].children.filter((c) => !c.code.endsWith('.other'));
    settings.taxonomy[1].children.push({ code: 'breach.paid', label: { en: 'again' } });
    settings.retentionDays = 0;
    const parsed = caseSettingsSchema.safeParse(settings);
    expect(parsed.success).toBe(false);
    const messages = parsed.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('taxonomy.0.children: every category needs an "other" entry'),
        expect.stringContaining('retentionDays'),
      ]),
    );
  });

  it('moves a case only along the helpline’s transitions', () => {
    expect(mayMoveStatus(DEFAULT_CASE_SETTINGS, 'open', 'closed')).toBe(true);
    expect(mayMoveStatus(DEFAULT_CASE_SETTINGS, 'closed', 'open')).toBe(true);
    expect(mayMoveStatus(DEFAULT_CASE_SETTINGS, 'closed', 'follow-up')).toBe(false);
    const strict = {
      ...DEFAULT_CASE_SETTINGS,
      transitions: { open: ['closed' as const], 'follow-up': [], closed: [] },
    };
    expect(mayMoveStatus(strict, 'closed', 'open')).toBe(false);
    expect(mayMoveStatus(strict, 'follow-up', 'follow-up')).toBe(true);
  });
});
