import { api } from '../shared/dom';

/*
 * A staff page's session: tokens in memory only (never storage or cookies), and the access token renewed before it
 * expires, because a desk or a dashboard stays open for a whole shift while an access token lives minutes.
 */

interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** Renew this long before expiry, so a slow network never leaves the page holding an expired token. */
const RENEW_BEFORE_SECONDS = 60;

export class Session {
  private tokens: Tokens | undefined;
  private renewal: ReturnType<typeof setTimeout> | undefined;

  /** @param onLost called when the session cannot be renewed (revoked, expired): the page returns to sign-in. */
  constructor(private readonly onLost: (reason: string) => void) {}

  get accessToken(): string {
    return this.tokens?.accessToken ?? '';
  }

  get signedIn(): boolean {
    return this.tokens !== undefined;
  }

  /**
   * Supervisors and admins always need the second factor, so their page sends the code with the first request; an
   * agent's account may have one too, and their page asks for it when the server says so.
   */
  async signIn(login: string, password: string, totp?: string): Promise<void> {
    const body = totp ? { login, password, totp } : { login, password };
    this.start(await api<Tokens>('POST', '/auth/sign-in', undefined, body));
  }

  /**
   * An account without a second factor that must have one (a new supervisor or admin, or one whose factor an admin
   * reset) sets one up: `beginEnrolment` gives the secret to add to an authenticator app, and `confirmEnrolment`
   * signs in with the app's first code.
   */
  beginEnrolment(login: string, password: string): Promise<{ uri: string; secret: string }> {
    return api('POST', '/auth/mfa/enrol', undefined, { login, password });
  }

  async confirmEnrolment(login: string, password: string, totp: string): Promise<void> {
    this.start(await api<Tokens>('POST', '/auth/mfa/confirm', undefined, { login, password, totp }));
  }

  /** Swaps the refresh token for new tokens now (also when the socket says the access token is no longer good). */
  async renew(): Promise<boolean> {
    const refreshToken = this.tokens?.refreshToken;
    if (!refreshToken) return false;
    try {
      this.start(await api<Tokens>('POST', '/auth/refresh', undefined, { refreshToken }));
      return true;
    } catch (error) {
      this.end();
      this.onLost(`Your session ended: sign in again (${(error as Error).message})`);
      return false;
    }
  }

  async signOut(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    this.end();
    if (refreshToken) await api('POST', '/auth/sign-out', undefined, { refreshToken });
  }

  private start(tokens: Tokens): void {
    this.tokens = tokens;
    clearTimeout(this.renewal);
    const delaySeconds = Math.max(5, tokens.expiresIn - RENEW_BEFORE_SECONDS);
    this.renewal = setTimeout(() => void this.renew(), delaySeconds * 1000);
  }

  private end(): void {
    clearTimeout(this.renewal);
    this.tokens = undefined;
  }
}
