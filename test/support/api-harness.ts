import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as OTPAuth from 'otpauth';
import type { RouteOptions } from 'fastify';
import { createApiApp } from '../../apps/api/src/api-app';
import { TransactionRunner, type StaffRole, type TukiConfig } from '@tuki/platform';
import {
  HelplinesService,
  ServiceCredentialsService,
  SignInService,
  StaffUsersService,
  requiresMfa,
} from '@tuki/staff';
import { deleteTestKeys, dropTestSchema, testConfig, type TestConfigOptions } from '@tuki/testing';
import { ContactsService, RoutingQueuesService } from '@tuki/queueing';
import { AgentsService, HelpRequestsService } from '@tuki/agents';
import { CaseGrants, CasesService } from '@tuki/cases';
import { StatisticsExports } from '@tuki/statistics';

export interface RunningApi {
  app: NestFastifyApplication;
  config: TukiConfig;
  url: string;
  /** Every route as Fastify registered it (Nest's and the plugins'), recorded by an onRoute hook. */
  routes: { method: string; url: string }[];
  close(): Promise<void>;
}

/** Boots the api with the worker modules on port 0, with its own schema and Redis prefix. */
export async function startApi(
  label: string,
  options: TestConfigOptions & { config?: TukiConfig } = {},
): Promise<RunningApi> {
  const config = options.config ?? testConfig(label, options);
  const routes: RunningApi['routes'] = [];
  const app = await createApiApp(config, {
    withWorker: true,
    beforeRoutes: (fastify) =>
      fastify.addHook('onRoute', (route: RouteOptions) => {
        for (const method of [route.method].flat()) routes.push({ method, url: route.url });
      }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = await app.getUrl();
  return {
    app,
    config,
    url: url.replace('[::1]', '127.0.0.1'),
    routes,
    close: async () => {
      await app.close();
      if (!options.config) {
        await dropTestSchema(config);
        await deleteTestKeys(config);
      }
    },
  };
}

export interface SeededUser {
  id: string;
  login: string;
  password: string;
  role: StaffRole;
  accessToken: string;
  refreshToken: string;
  totpSecret?: string;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** A TOTP code for the given secret at the current time. */
export function totpNow(secret: string, at = Date.now()): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: at,
  });
}

/**
 * Creates a helpline with one signed-in user per role, through the real services and the real sign-in flow
 * (supervisors and admins enrol a TOTP factor first).
 */
export interface SeededHelpline {
  helplineId: string;
  users: Record<StaffRole, SeededUser>;
  /** A channel adapter's credential of this helpline. */
  service: { id: string; token: string };
  /** Another credential, an object for routes that take a credential id (revoking it harms no caller). */
  spareServiceCredentialId: string;
  queueId: string;
  contactId: string;
  /** A case opened by the agent from the seeded contact, and the supervisor's break-glass opening of it. */
  caseId: string;
  breakGlassId: string;
  /** A help request of the seeded agent, already answered. */
  helpRequestId: string;
  /** An export asked for by the analyst, when seeded with `withStatisticsExport`. */
  statisticsExportId?: string;
}

export interface SeedOptions {
  /**
   * Also ask for an analyst's export, for tests that need an export of each helpline (route access). Off by default:
   * an export fixes the helpline's statistics grain, which the statistics tests change.
   */
  withStatisticsExport?: boolean;
}

export async function seedHelpline(api: RunningApi, name: string, options: SeedOptions = {}): Promise<SeededHelpline> {
  const { app } = api;
  const helpline = await app
    .get(TransactionRunner)
    .run((manager) => app.get(HelplinesService).create(manager, name, 'Europe/Helsinki'));
  const users = {} as Record<StaffRole, SeededUser>;
  for (const role of ['agent', 'supervisor', 'admin', 'analyst'] as const) {
    const login = `${role}.${name.toLowerCase().replace(/[^a-z0-9]/g, '')}.${Math.random().toString(36).slice(2, 8)}`;
    const user = await app
      .get(StaffUsersService)
      .create(helpline.id, { login, displayName: `${role} ${name}`, roles: [role], password: TEST_PASSWORD });
    const signIn = app.get(SignInService);
    let tokens;
    let totpSecret: string | undefined;
    if (requiresMfa([role])) {
      const enrolment = await signIn.beginMfaEnrolment({ login, password: TEST_PASSWORD }, '127.0.0.9');
      totpSecret = enrolment.secret;
      tokens = await signIn.confirmMfaEnrolment(
        { login, password: TEST_PASSWORD, totp: totpNow(totpSecret) },
        '127.0.0.9',
      );
    } else {
      tokens = await signIn.signIn({ login, password: TEST_PASSWORD }, '127.0.0.9');
    }
    users[role] = { id: user.id, login, password: TEST_PASSWORD, role, totpSecret, ...tokens };
  }
  // The agent gets a routing profile, so routes that take an agent's id have a real object of each helpline.
  await app
    .get(AgentsService)
    .setProfile(
      helpline.id,
      await app.get(StaffUsersService).get(helpline.id, users.agent.id),
      { languages: ['fi'], skills: { extortion: 5 } },
      { userId: users.admin.id, roles: ['admin'] },
    );
  const credentials = app.get(ServiceCredentialsService);
  const service = await credentials.create(helpline.id, `${name} adapter`);
  const spare = await credentials.create(helpline.id, `${name} spare`);
  const queue = await app
    .get(RoutingQueuesService)
    .define(
      helpline.id,
      { name: `${name} queue`, languages: ['fi', 'sv'], requiredSkills: { extortion: 3 } },
      'Europe/Helsinki',
    );
  const { contact } = await app
    .get(ContactsService)
    .create(
      helpline.id,
      { kind: 'service', id: service.id },
      { idempotencyKey: `seed-${helpline.id}`, queueId: queue.id, channel: 'voice', language: 'fi' },
    );
  const principalOf = (role: StaffRole) => ({
    kind: 'staff' as const,
    userId: users[role].id,
    helplineId: helpline.id,
    roles: [role],
    sessionVersion: 0,
  });
  // As if the agent had answered the seeded contact: routes that take a case id have a real object of each helpline.
  const seededCase = await app.get(CasesService).openForContact(principalOf('agent'), {
    contactId: contact.id,
    queueId: queue.id,
    channel: 'voice',
    language: 'fi',
    state: 'connected',
    agentId: users.agent.id,
    callerKey: null,
    firstArrivedAt: contact.firstArrivedAt,
    waitMs: null,
  });
  const glass = await app
    .get(CaseGrants)
    .breakGlass(principalOf('supervisor'), seededCase.id, 'seeded opening for the access test');
  // An agent's call for help, answered, so routes that take a help request's id have an object of each helpline.
  const help = await app.get(HelpRequestsService).request(helpline.id, users.agent.id, null);
  await app.get(HelpRequestsService).acknowledge(helpline.id, help.id, users.supervisor.id);
  // An analyst's export (no noise, so no budget spent), so routes that take an export's id have an object of each helpline.
  const statisticsExport = options.withStatisticsExport
    ? await app
        .get(StatisticsExports)
        .request(principalOf('analyst'), 'custom', { from: '2026-01', to: '2026-01', dimensions: ['channel'] })
    : undefined;
  return {
    helplineId: helpline.id,
    users,
    helpRequestId: help.id,
    service: { id: service.id, token: service.token },
    spareServiceCredentialId: spare.id,
    queueId: queue.id,
    contactId: contact.id,
    caseId: seededCase.id,
    breakGlassId: glass.id,
    statisticsExportId: statisticsExport?.id,
  };
}
