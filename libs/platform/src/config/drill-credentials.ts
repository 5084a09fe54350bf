import { z } from 'zod';
import { ConfigError } from './config.errors';

/** The admin a drill signs in as. Not Tuki's own configuration: the drill is a client of a running Tuki. */
export interface DrillCredentials {
  login: string;
  password: string;
  /** The base32 secret of the admin's authenticator (admins always have a second factor). */
  totpSecret?: string;
}

const drillEnvSchema = z.object({
  TUKI_DRILL_LOGIN: z.string().min(1, 'the login of an admin of the helpline to drill'),
  TUKI_DRILL_PASSWORD: z.string().min(1, "that admin's password"),
  TUKI_DRILL_TOTP_SECRET: z
    .string()
    .regex(/^[A-Z2-7]+=*$/i, 'the base32 secret of its authenticator')
    .optional(),
});

/**
 * The drill's credentials from the environment, never from flags (shell histories and process lists show those) or
 * files in the repository. Read here, beside loadConfig, so that the environment is read and validated in one place.
 * Throws ConfigError naming every missing or malformed variable, never its value.
 */
export function loadDrillCredentials(env: Record<string, string | undefined> = process.env): DrillCredentials {
  const blankless = Object.fromEntries(
    Object.keys(drillEnvSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = drillEnvSchema.safeParse(blankless);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join('.')}: ${issue.message.replace(/^Invalid input.*$/, 'required')}`,
      ),
    );
  }
  const { TUKI_DRILL_LOGIN: login, TUKI_DRILL_PASSWORD: password, TUKI_DRILL_TOTP_SECRET: totpSecret } = parsed.data;
  return { login, password, totpSecret };
}
