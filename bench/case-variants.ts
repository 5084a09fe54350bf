/*
 * The two configurations of the cases code that `bench:cases` compares: the application's own (EnvelopeCaseSealer)
 * and a plain-text twin (PlainCaseSealer). Each is a Nest context of the platform, staff and cases modules, built with
 * Nest's testing module builder because it is the one way to swap a provider inside CasesModule.forRoot; nothing else
 * differs, so both run the same CaseWork, CasesService, CaseAccess, CaseViews and AuditLog code.
 */
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { JOB_CATALOGUE } from '@tuki/contracts';
import { CaseSealer, CasesModule, CasesService, CaseWork, type ContactSnapshot } from '@tuki/cases';
import { PlatformModule, TransactionRunner, type Principal, type TukiConfig } from '@tuki/platform';
import { HelplinesService, StaffModule } from '@tuki/staff';
import { PlainCaseSealer } from './plain-case-sealer';

export type VariantName = 'encrypted' | 'plain';

/** One booted configuration with its own helpline (so its own audit chain), agent and cases. */
export interface CaseVariant {
  name: VariantName;
  app: TestingModule;
  dataSource: DataSource;
  cases: CasesService;
  work: CaseWork;
  principal: Principal;
  /** Cases that take the measured note writes (they grow; writes never read notes). */
  writeCaseIds: string[];
  /** Cases with a fixed number of notes, for the measured reads. */
  readCaseIds: string[];
}

/** Boots one variant: the real sealer, or the plain twin bound in its place. */
async function boot(config: TukiConfig, name: VariantName): Promise<TestingModule> {
  let builder = Test.createTestingModule({
    imports: [
      // No workers: no outbox relay, job processors or anchor refresher competing for the two cores.
      PlatformModule.forRoot({ config, runWorkers: false, jobs: JOB_CATALOGUE }),
      StaffModule,
      CasesModule.forRoot({
        runRetention: false,
        helplines: { imports: [StaffModule], directory: HelplinesService },
      }),
    ],
  });
  if (name === 'plain') builder = builder.overrideProvider(CaseSealer).useClass(PlainCaseSealer);
  const app = await builder.compile();
  app.useLogger(false);
  await app.init();
  return app;
}

/** A contact the agent is connected to, as the app would pass it from queueing's record. */
function connectedContact(agentId: string): ContactSnapshot {
  return {
    contactId: randomUUID(),
    queueId: randomUUID(),
    channel: 'voice',
    language: 'fi',
    state: 'connected',
    agentId,
    callerKey: null,
    firstArrivedAt: Date.now(),
    waitMs: 0,
  };
}

async function openCases(cases: CasesService, principal: Principal, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await cases.openForContact(principal, connectedContact(principal.userId))).id);
  return ids;
}

/**
 * Boots a variant and gives it a helpline, an agent and its cases. The agent's user id is random: cases check the
 * participant table and the role, never the user table.
 */
export async function createVariant(
  config: TukiConfig,
  name: VariantName,
  counts: { writeCases: number; readCases: number },
): Promise<CaseVariant> {
  const app = await boot(config, name);
  const helpline = await app
    .get(TransactionRunner)
    .run((manager) => app.get(HelplinesService).create(manager, `Bench ${name} line`, 'Europe/Helsinki'));
  const principal: Principal = {
    kind: 'staff',
    userId: randomUUID(),
    helplineId: helpline.id,
    roles: ['agent'],
    sessionVersion: 0,
  };
  const cases = app.get(CasesService);
  return {
    name,
    app,
    dataSource: app.get(DataSource),
    cases,
    work: app.get(CaseWork),
    principal,
    writeCaseIds: await openCases(cases, principal, counts.writeCases),
    readCaseIds: await openCases(cases, principal, counts.readCases),
  };
}

/** The sealer the variant's container actually resolved: proves the swap took, and the real one stayed real. */
export function sealerOf(variant: CaseVariant): string {
  return variant.app.get(CaseSealer).constructor.name;
}
