import { ApiError, api } from '../shared/dom';
import type { Session } from '../shared/session';

/**
 * The page's requests, with the token from memory; a 401 (the access token just expired) renews it once and tries
 * again, as the agent desk does.
 */
export class StatisticsClient {
  constructor(private readonly session: Session) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await api<T>(method, path, this.session.accessToken, body);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && (await this.session.renew()))
        return api<T>(method, path, this.session.accessToken, body);
      throw error;
    }
  }

  /**
   * A file as a Blob. The token is in memory only, so a plain link to the download route cannot carry it: the page
   * fetches the file itself and hands the browser an object URL.
   */
  async file(path: string): Promise<Blob> {
    let response = await this.fetchFile(path);
    if (response.status === 401 && (await this.session.renew())) response = await this.fetchFile(path);
    if (!response.ok) {
      const text = await response.text();
      let parsed: { message?: unknown; code?: string } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch (error) {
        console.warn('Download refused with a body that is not JSON', (error as Error).message);
      }
      throw new ApiError(messageOf(parsed.message, response.status), response.status, parsed.code ?? '');
    }
    return response.blob();
  }

  private fetchFile(path: string): Promise<Response> {
    return fetch(path, {
      headers: { authorization: `Bearer ${this.session.accessToken}` },
      cache: 'no-store',
      credentials: 'omit',
    });
  }
}

/** The server's message as one sentence (validation may answer with a list). */
export function messageOf(message: unknown, status: number): string {
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string' && message) return message;
  return `Request failed (${status})`;
}
