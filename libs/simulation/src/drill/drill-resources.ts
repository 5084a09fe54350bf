import { randomBytes } from 'node:crypto';
import type { RosteredAgent } from '../planner/roster';
import {
  DrillHttpError,
  DrillSetupError,
  StaffSession,
  inBatches,
  type DrillHttp,
  type StaffCredentials,
} from './drill-client';
import type { QueueDefinition } from './drill-compression';
import type { DrillContext } from './drill-context';
import { SimulatedAgent, type AgentSpec } from './simulated-agent';
import type { SimulatedCaller } from './simulated-caller';

/** The drill's routing queue as the server applied its definition. */
export interface QueueView {
  id: string;
  ageingSeconds: number;
  offerTimeoutSeconds: number;
  voiceBlocksChat: boolean;
  targetAnswerSeconds: number;
  callbackPolicy: { initialDelaySeconds: number; retryDelaysSeconds: number[]; maxAttempts: number };
}

/** Signs in the drill's admin, with clear words for each way that can fail. */
export async function signInAdmin(http: DrillHttp, credentials: StaffCredentials): Promise<StaffSession> {
  let session: StaffSession;
  try {
    session = await StaffSession.signIn(http, credentials);
  } catch (error) {
    if (!(error instanceof DrillHttpError)) throw error;
    if (error.code === 'MFA_REQUIRED' || error.code === 'MFA_ENROLMENT_REQUIRED')
      throw new DrillSetupError(
        'the drill account needs its second factor: set TUKI_DRILL_TOTP_SECRET to its authenticator secret (base32)',
      );
    if (error.status === 401 || error.status === 429)
      throw new DrillSetupError(
        `the drill account was refused (${error.code ?? error.status}): check TUKI_DRILL_LOGIN, TUKI_DRILL_PASSWORD ` +
          'and TUKI_DRILL_TOTP_SECRET',
      );
    throw error;
  }
  const me = await http.request<{ roles: string[] }>('GET', '/staff/me', { token: session.token, label: 'setup' });
  if (!me.roles.includes('admin'))
    throw new DrillSetupError('the drill account must be an admin (it creates a queue, agents and a credential)');
  return session;
}

/**
 * What the drill makes on the helpline through the admin's API (its routing queue, a channel adapter's credential,
 * agents as staff users with their routing profiles), and how it is tidied away afterwards, whatever happened: there
 * is no route to delete a queue or a user, so the queue is closed and the agents disabled, which is what the API allows.
 */
export class DrillResources {
  queue?: QueueView;
  credential?: { id: string; token: string };
  agents: SimulatedAgent[] = [];
  readonly userIds: string[] = [];
  /** What was tidied away, and what could not be. */
  readonly cleanup: string[] = [];

  constructor(
    private readonly http: DrillHttp,
    private readonly token: () => Promise<string>,
    /** Unique to this drill: in the names of what it makes. */
    readonly runId: string,
  ) {}

  async createQueue(definition: QueueDefinition): Promise<QueueView> {
    this.queue = await this.post<QueueView>('/routing-queues', definition);
    return this.queue;
  }

  async createCredential(): Promise<{ id: string; token: string }> {
    this.credential = await this.post<{ id: string; token: string }>('/service-credentials', {
      name: `Drill ${this.runId}`,
    });
    return this.credential;
  }

  /**
   * One staff user with the agent role per rostered agent, a routing profile each (languages, capacity, wrap-up time),
   * signed in with a socket of their own.
   */
  async createAgents(
    roster: readonly RosteredAgent[],
    profile: (agent: RosteredAgent) => Omit<AgentSpec, 'userId' | 'credentials'> & { wrapUpSeconds: number },
    ctx: DrillContext<SimulatedCaller>,
  ): Promise<SimulatedAgent[]> {
    const specs = await inBatches(roster, 4, async (agent): Promise<AgentSpec> => {
      const password = randomBytes(18).toString('base64url');
      const login = `drill-${this.runId}-${agent.agentId.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}`.slice(0, 120);
      const user = await this.post<{ id: string }>('/staff/users', {
        login,
        displayName: `Drill agent ${agent.agentId}`,
        roles: ['agent'],
        password,
      });
      this.userIds.push(user.id);
      const { wrapUpSeconds, ...spec } = profile(agent);
      await this.http.request('PUT', `/agents/${user.id}/profile`, {
        token: this.token,
        label: 'setup',
        body: { languages: spec.languages, skills: {}, capacity: spec.capacity, wrapUpSeconds },
      });
      return { ...spec, userId: user.id, credentials: { login, password } };
    });
    this.agents = specs.map((spec) => new SimulatedAgent(spec, ctx));
    await inBatches(this.agents, 4, (agent) => agent.signIn());
    return this.agents;
  }

  /** Callbacks still waiting when the drill ended are withdrawn by their callers (through the channel's route). */
  async withdrawCallbacks(ids: readonly string[]): Promise<void> {
    const credential = this.credential;
    if (!credential) return;
    await inBatches(ids, 8, (id) =>
      this.step(`callback ${id} (still waiting when the drill ended) withdrawn`, () =>
        this.http.request('POST', `/callbacks/${id}/withdraw`, { token: credential.token, label: 'cleanup' }),
      ),
    );
  }

  /** The agents offline and signed out, the queue closed, the agents disabled, the credential revoked. */
  async tidy(): Promise<void> {
    await Promise.allSettled(this.agents.map((a) => a.stop()));
    const queueId = this.queue?.id;
    if (queueId)
      await this.step(`queue ${queueId} closed`, () =>
        this.http.request('PATCH', `/routing-queues/${queueId}`, {
          token: this.token,
          body: { open: false },
          label: 'cleanup',
        }),
      );
    await Promise.all(this.agents.map((a) => a.signOut()));
    await inBatches(this.userIds, 8, (id) =>
      this.step(`agent ${id} disabled`, () =>
        this.http.request('PATCH', `/staff/users/${id}`, {
          token: this.token,
          body: { disabled: true },
          label: 'cleanup',
        }),
      ),
    );
    const credentialId = this.credential?.id;
    if (credentialId)
      await this.step(`service credential ${credentialId} revoked`, () =>
        this.http.request('DELETE', `/service-credentials/${credentialId}`, { token: this.token, label: 'cleanup' }),
      );
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.http.request<T>('POST', path, { token: this.token, body, label: 'setup' });
  }

  private async step(what: string, request: () => Promise<unknown>): Promise<void> {
    try {
      await request();
      this.cleanup.push(what);
    } catch (error) {
      this.cleanup.push(`${what}: FAILED (${error instanceof Error ? error.message : String(error)})`);
    }
  }
}
