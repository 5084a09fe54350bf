import type { Socket } from 'socket.io-client';
import type { ClientEvents, ServerEvents } from '@tuki/contracts';
import { ApiError, api, element, show } from '../shared/dom';
import type { Session } from '../shared/session';
import type { ServerClock } from '../shared/server-clock';

/** A helpline label in the languages Tuki ships. */
export interface Labels {
  en: string;
  fi?: string;
  sv?: string;
}

/** The parts of the helpline's case settings the desk offers as choices (GET /case-settings). */
export interface CaseChoices {
  taxonomy: { code: string; label: Labels; children: { code: string; label: Labels }[] }[];
  referrals: { code: string; label: Labels }[];
  outcomes: { code: string; label: Labels }[];
  regions: string[];
}

/** The agent as the server sees them (GET /agents/me). */
export interface AgentMe {
  id: string;
  languages: string[];
  skills: Record<string, number>;
  state: string;
  awayReason: string | null;
  stateChangedAt: number;
  wrapUpSeconds: number;
  /** When wrap-up ends by itself on the server's clock, with any care pause (null outside wrap-up). */
  wrapUpEndsAt?: number | null;
  highRiskStreak?: number;
}

/** Says something to the agent in the page's alert line (null clears it). */
export function showNotice(text: string | null): void {
  element('notice').textContent = text ?? '';
  show(element('notice'), text !== null);
}

/** What every part of the desk shares: the session, the socket, the server's clock and the page's notice line. */
export class Desk {
  choices: CaseChoices = { taxonomy: [], referrals: [], outcomes: [], regions: [] };
  me: AgentMe | undefined;

  constructor(
    readonly session: Session,
    readonly socket: Socket<ServerEvents, ClientEvents>,
    readonly clock: ServerClock,
  ) {}

  /** A request as the signed-in agent; an expired access token is renewed once and the request sent again. */
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
   * A request that may come a moment too early: the case side learns that the agent answered a contact from the
   * contact's events, within a relay cycle, so a 404 right after accepting is tried again for a few seconds.
   */
  async callWhenKnown<T>(method: string, path: string, body?: unknown, forMs = 8000): Promise<T> {
    const until = Date.now() + forMs;
    for (;;) {
      try {
        return await this.call<T>(method, path, body);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 404 || Date.now() > until) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  notice(text: string | null): void {
    showNotice(text);
  }

  /** Reports a failed action in the alert line; the message comes from the server and holds no personal data. */
  fail(error: unknown): void {
    this.notice((error as Error).message);
  }
}
