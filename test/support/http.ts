import type { RunningApi } from './api-harness';

/**
 * A JSON request to a running api (in this process or another), as a client would send it; the body comes back parsed
 * (or `{}` when empty). Gives up after 20 s, so a hung process fails the test instead of stalling it.
 */
export async function send(api: Pick<RunningApi, 'url'>, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by matchers
    body: (text ? JSON.parse(text) : {}) as Record<string, any>,
  };
}

/** Polls `check` until it holds (a failing check counts as "not yet"); returns how long it took, or throws. */
export async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`waited ${ms} ms for ${what}`);
}

/** The status a GET of `url` answers, or undefined when nothing answers (a process down or not yet up). */
export async function statusOf(url: string, timeoutMs = 3000): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/** Fails with a message naming `what` when `promise` takes longer than `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms).unref()),
  ]);
}
