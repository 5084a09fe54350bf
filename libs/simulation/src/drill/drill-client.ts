import { Secret, TOTP } from 'otpauth';

/**
 * The drill's side of Tuki's public API: JSON over HTTP with the global fetch, staff sign-in with the second factor
 * and token refresh, and a record of every round trip (the compression tolerance is measured from it, never guessed).
 * Nothing here knows Tuki's internals: it is what any outside client could write from the API's documentation.
 */

/** Something the drill could not do because of how it was started: a bad flag, missing credentials. */
export class DrillSetupError extends Error {
  override name = 'DrillSetupError';
}

/** Nothing answered at the address, or it answered that it is not ready. */
export class DrillUnreachableError extends Error {
  override name = 'DrillUnreachableError';
}

/** Tuki refused a request: the status, Tuki's error code and message, and which request it was. */
export class DrillHttpError extends Error {
  override name = 'DrillHttpError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(`${method} ${path}: ${status}${code ? ` ${code}` : ''} ${message}`.trim());
  }
}

/** Durations by what was measured (`http:intake`, `socket:accept`, `timer:late`...), in milliseconds. */
export class LatencyLog {
  private readonly samples = new Map<string, number[]>();

  record(what: string, ms: number): void {
    if (!Number.isFinite(ms)) return;
    const list = this.samples.get(what);
    if (list) list.push(ms);
    else this.samples.set(what, [ms]);
  }

  names(): string[] {
    return [...this.samples.keys()].sort();
  }

  /** Count, median and 95th percentile (nearest rank) of one measure; undefined when nothing was measured. */
  summary(what: string): { count: number; medianMs: number; p95Ms: number } | undefined {
    const list = this.samples.get(what);
    if (!list || list.length === 0) return undefined;
    return { count: list.length, medianMs: percentile(list, 0.5), p95Ms: percentile(list, 0.95) };
  }

  /** The samples of every measure whose name starts with `prefix`, together. */
  summaryOf(prefix: string): { count: number; medianMs: number; p95Ms: number } | undefined {
    const all = [...this.samples.entries()].filter(([name]) => name.startsWith(prefix)).flatMap(([, list]) => list);
    if (all.length === 0) return undefined;
    return { count: all.length, medianMs: percentile(all, 0.5), p95Ms: percentile(all, 0.95) };
  }
}

/** The nearest-rank percentile (`p` 0..1) of a non-empty list, as the planner reports its p95. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export interface RequestOptions {
  /** A bearer token, or where to get a current one (a session that refreshes). */
  token?: string | (() => Promise<string>);
  body?: unknown;
  /** The measure the round trip is recorded under (`http:<label>`); default the path's first segment. */
  label?: string;
  /** Abort after this long. Default 20 s. */
  timeoutMs?: number;
}

/** JSON over HTTP to one Tuki, every round trip measured. */
export class DrillHttp {
  readonly baseUrl: string;

  constructor(
    url: string,
    readonly latency: LatencyLog,
  ) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new DrillSetupError(`--url must be an address such as http://127.0.0.1:3000 (got "${url}")`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new DrillSetupError(`--url must be http:// or https:// (got "${url}")`);
    this.baseUrl = parsed.origin + parsed.pathname.replace(/\/+$/, '');
  }

  /** Requests Tuki answered "changed at the same time, read it again" and the drill sent again. */
  conflictRetries = 0;

  /**
   * One request. A 409 CONTACT_CHANGED_CONCURRENTLY (another process changed the contact between Tuki's read and its
   * write, so nothing was written) is sent again, up to three times, as the error asks.
   */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(method, path, options);
      } catch (error) {
        if (!(error instanceof DrillHttpError) || error.code !== 'CONTACT_CHANGED_CONCURRENTLY' || attempt > 3)
          throw error;
        this.conflictRetries += 1;
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
      }
    }
  }

  private async once<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
      });
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : 'unknown';
      throw new DrillUnreachableError(`${method} ${this.baseUrl}${path}: no answer (${cause})`, { cause: error });
    }
    const text = await response.text();
    this.latency.record(`http:${options.label ?? path.split('/')[1] ?? 'root'}`, performance.now() - started);
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's error page): the status says what happened, and the message falls back to its text.
      body = undefined;
    }
    if (!response.ok) {
      const error = (body ?? {}) as { code?: string; message?: string | string[] };
      const message = Array.isArray(error.message) ? error.message.join('; ') : (error.message ?? response.statusText);
      throw new DrillHttpError(method, path, response.status, error.code, message);
    }
    return body as T;
  }

  /** Fails with a clear message unless a Tuki answers ready at the address. */
  async ensureReady(): Promise<void> {
    try {
      await this.request('GET', '/ready', { label: 'ready', timeoutMs: 5000 });
    } catch (error) {
      if (error instanceof DrillHttpError)
        throw new DrillUnreachableError(`Tuki at ${this.baseUrl} is not ready (${error.status} ${error.message})`);
      if (error instanceof DrillUnreachableError)
        throw new DrillUnreachableError(
          `Nothing answers at ${this.baseUrl}: is Tuki running there? (${error.message})`,
        );
      throw error;
    }
  }
}

export interface StaffCredentials {
  login: string;
  password: string;
  /** Base32, as the authenticator app was given it; needed for supervisors and admins. */
  totpSecret?: string;
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** One signed-in staff member: a current access token whenever asked (refreshed a minute before it expires). */
export class StaffSession {
  private tokens: Tokens;
  private expiresAt: number;
  private refreshing?: Promise<void>;

  private constructor(
    private readonly http: DrillHttp,
    tokens: Tokens,
  ) {
    this.accept(tokens);
  }

  /**
   * Signs in. With a TOTP secret the code of the current 30 s step is tried, then (once) the next step's, which the
   * server's one-step window also takes: a code is accepted only once, so a second sign-in within one step needs it.
   */
  static async signIn(http: DrillHttp, credentials: StaffCredentials): Promise<StaffSession> {
    const attempt = (totp?: string) =>
      http.request<Tokens>('POST', '/auth/sign-in', {
        label: 'sign-in',
        body: { login: credentials.login, password: credentials.password, ...(totp ? { totp } : {}) },
      });
    if (!credentials.totpSecret) return new StaffSession(http, await attempt());
    let totp: TOTP;
    try {
      totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(credentials.totpSecret) });
    } catch {
      throw new DrillSetupError('TUKI_DRILL_TOTP_SECRET is not a base32 TOTP secret');
    }
    try {
      return new StaffSession(http, await attempt(totp.generate({ timestamp: Date.now() })));
    } catch (error) {
      // A code is accepted once: one already used in this step (a sign-in moments ago) is refused like a wrong one.
      if (!(error instanceof DrillHttpError) || error.code !== 'INVALID_CREDENTIALS') throw error;
      return new StaffSession(http, await attempt(totp.generate({ timestamp: Date.now() + 30_000 })));
    }
  }

  /** A current access token. */
  readonly token = async (): Promise<string> => {
    if (Date.now() > this.expiresAt) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
    return this.tokens.accessToken;
  };

  /** The access token as it is now, for a socket handshake (sockets are checked at the handshake only). */
  get accessToken(): string {
    return this.tokens.accessToken;
  }

  async signOut(): Promise<void> {
    await this.http.request('POST', '/auth/sign-out', {
      label: 'sign-out',
      body: { refreshToken: this.tokens.refreshToken },
    });
  }

  private async refresh(): Promise<void> {
    this.accept(
      await this.http.request<Tokens>('POST', '/auth/refresh', {
        label: 'refresh',
        body: { refreshToken: this.tokens.refreshToken },
      }),
    );
  }

  private accept(tokens: Tokens): void {
    this.tokens = tokens;
    this.expiresAt = Date.now() + Math.max(10, tokens.expiresIn - 60) * 1000;
  }
}

/** Runs `work` over `items` with at most `limit` at a time, in order of the results. */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Waits `ms` of real time. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
