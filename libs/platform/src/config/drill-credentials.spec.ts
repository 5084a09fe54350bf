import { ConfigError } from './config.errors';
import { loadDrillCredentials } from './drill-credentials';

describe('loadDrillCredentials', () => {
  it('reads the admin the drill signs in as', () => {
    expect(
      loadDrillCredentials({
        TUKI_DRILL_LOGIN: 'drill.admin',
        TUKI_DRILL_PASSWORD: 'correct horse',
        TUKI_DRILL_TOTP_SECRET: 'JBSWY3DPEHPK3PXP',
        OTHER: 'ignored',
      }),
    ).toEqual({ login: 'drill.admin', password: 'correct horse', totpSecret: 'JBSWY3DPEHPK3PXP' });
    expect(
      loadDrillCredentials({ TUKI_DRILL_LOGIN: 'a', TUKI_DRILL_PASSWORD: 'b', TUKI_DRILL_TOTP_SECRET: '' }),
    ).toEqual({
      login: 'a',
      password: 'b',
      totpSecret: undefined,
    });
  });

  it('names every missing or malformed variable, never a value', () => {
    let problems: string[] = [];
    try {
      loadDrillCredentials({ TUKI_DRILL_PASSWORD: '', TUKI_DRILL_TOTP_SECRET: 'not base32!' });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'TUKI_DRILL_LOGIN',
      'TUKI_DRILL_PASSWORD',
      'TUKI_DRILL_TOTP_SECRET',
    ]);
    expect(problems.join(' ')).not.toContain('not base32!');
  });
});
