import type { DomainEvents } from '@tuki/contracts';
import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import {
  AuditLog,
  Clock,
  DataKeysService,
  OutboxService,
  RealtimePublisher,
  TransactionRunner,
  operatorActor,
  rooms,
  staffActor,
  type AuditActor,
  type Principal,
} from '@tuki/platform';
import { assertAcceptablePassword, PasswordHasher } from './auth/password-hasher';
import { normaliseLogin } from './auth/sign-in-subject';
import { SignInThrottle } from './auth/sign-in-throttle';
import type { CreateStaffUserDto, StaffUserView, UpdateStaffUserDto } from './dto/staff-user.dto';
import { Helpline } from './helpline.entity';
import { StaffSession } from './staff-session.entity';
import { StaffSessions } from './staff-sessions';
import { StaffUser } from './staff-user.entity';
import { HelplineNotFoundError, LoginTakenError, SelfLockoutError, StaffUserNotFoundError } from './staff.errors';

export const STAFF_EVENTS = { userChanged: 'staff.user-changed' } as const;

export function toStaffUserView(user: StaffUser): StaffUserView {
  return {
    id: user.id,
    helplineId: user.helplineId,
    login: user.login,
    displayName: user.displayName,
    roles: user.roleList(),
    mfaEnrolled: user.mfaEnrolled,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt,
  };
}

/** Admins create, change and disable staff accounts of their own helpline; nothing here crosses helplines. */
@Injectable()
export class StaffUsersService {
  private readonly logger = new Logger(StaffUsersService.name);

  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly transactions: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly dataKeys: DataKeysService,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly sessions: StaffSessions,
    private readonly realtime: RealtimePublisher,
    private readonly throttle: SignInThrottle,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * `by`: who creates the account, for the audit (an admin's request; an operator's command when there is no
   * signed-in user, such as the CLI's first admin).
   */
  async create(
    helplineId: string,
    dto: CreateStaffUserDto,
    by: AuditActor = operatorActor('direct'),
  ): Promise<StaffUserView> {
    assertAcceptablePassword(dto.password);
    const passwordHash = await this.hasher.hash(dto.password);
    const user = await this.transactions.run(async (manager) => {
      if (!(await manager.existsBy(Helpline, { id: helplineId }))) throw new HelplineNotFoundError();
      const login = normaliseLogin(dto.login);
      if (await manager.existsBy(StaffUser, { login })) throw new LoginTakenError();
      const id = randomUUID();
      const dataKey = await this.dataKeys.create(manager, helplineId);
      const now = this.clock.nowMs();
      const created = manager.create(StaffUser, {
        id,
        helplineId,
        login,
        displayName: dto.displayName,
        roles: [...new Set(dto.roles)].join(','),
        passwordHash,
        dataKeyId: dataKey.id,
        totpSecret: null,
        mfaEnrolled: false,
        totpLastStep: null,
        sessionVersion: 1,
        disabledAt: null,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(StaffUser, created);
      await this.outbox.append(manager, helplineId, STAFF_EVENTS.userChanged, { userId: id });
      await this.record(manager, helplineId, by, 'staff.user-created', id, [
        'login',
        'displayName',
        'roles',
        'password',
      ]);
      return created;
    });
    await this.announce(user);
    return toStaffUserView(user);
  }

  async list(helplineId: string): Promise<StaffUserView[]> {
    const users = await this.users.find({ where: { helplineId }, order: { login: 'ASC' } });
    return users.map(toStaffUserView);
  }

  async get(helplineId: string, id: string): Promise<StaffUserView> {
    return toStaffUserView(await this.find(this.users.manager, helplineId, id));
  }

  async update(actor: Principal, id: string, dto: UpdateStaffUserDto): Promise<StaffUserView> {
    const user = await this.transactions.run(async (manager) => {
      const user = await this.find(manager, actor.helplineId, id);
      if (user.id === actor.userId && (dto.disabled === true || (dto.roles && !dto.roles.includes('admin')))) {
        throw new SelfLockoutError();
      }
      let endSessions = false;
      const changed: string[] = [];
      if (dto.displayName !== undefined && dto.displayName !== user.displayName) {
        user.displayName = dto.displayName;
        changed.push('displayName');
      }
      if (dto.roles !== undefined) {
        const roles = [...new Set(dto.roles)].join(',');
        if (roles !== user.roles) changed.push('roles');
        endSessions ||= roles !== user.roles;
        user.roles = roles;
      }
      if (dto.disabled !== undefined && dto.disabled !== (user.disabledAt !== null)) {
        user.disabledAt = dto.disabled ? this.clock.nowMs() : null;
        endSessions = true;
        changed.push('disabled');
      }
      if (endSessions) user.sessionVersion += 1;
      user.updatedAt = this.clock.nowMs();
      await manager.save(StaffUser, user);
      if (endSessions) await this.revokeRefreshTokens(manager, user);
      await this.outbox.append(manager, user.helplineId, STAFF_EVENTS.userChanged, { userId: user.id });
      if (changed.length > 0) {
        const action = !changed.includes('disabled')
          ? 'staff.user-changed'
          : user.disabledAt !== null
            ? 'staff.user-disabled'
            : 'staff.user-enabled';
        await this.record(manager, user.helplineId, staffActor(actor), action, user.id, changed);
      }
      return { user, endSessions };
    });
    if (user.endSessions) await this.endSessions(user.user);
    await this.announce(user.user);
    return toStaffUserView(user.user);
  }

  /**
   * Admin unlock: clears the account's sign-in delay (the address counter stays: it is not the account's). Recorded
   * first, so an unlock that happened is never missing from the audit.
   */
  async unlock(actor: Principal, id: string): Promise<void> {
    const user = await this.transactions.run(async (manager) => {
      const user = await this.find(manager, actor.helplineId, id);
      await this.record(manager, user.helplineId, staffActor(actor), 'staff.user-unlocked', user.id, []);
      return user;
    });
    await this.throttle.unlock(user.login);
  }

  /**
   * Admin reset of the second factor (a lost or replaced phone): the TOTP secret is forgotten, the account's tokens
   * and sockets end at once, and the user enrols a new authenticator at their next sign-in (supervisors and admins
   * must; for an agent the factor was optional and is simply gone). An account without a factor changes nothing.
   */
  async resetMfa(actor: Principal, id: string): Promise<StaffUserView> {
    const outcome = await this.transactions.run(async (manager) => {
      const user = await this.find(manager, actor.helplineId, id);
      if (!user.mfaEnrolled && user.totpSecret === null) return { user, reset: false };
      user.totpSecret = null;
      user.mfaEnrolled = false;
      user.totpLastStep = null;
      user.sessionVersion += 1;
      user.updatedAt = this.clock.nowMs();
      await manager.save(StaffUser, user);
      await this.revokeRefreshTokens(manager, user);
      await this.outbox.append(manager, user.helplineId, STAFF_EVENTS.userChanged, { userId: user.id });
      await this.record(manager, user.helplineId, staffActor(actor), 'staff.mfa-reset', user.id, ['totpSecret']);
      return { user, reset: true };
    });
    if (outcome.reset) {
      await this.endSessions(outcome.user);
      await this.announce(outcome.user);
    }
    return toStaffUserView(outcome.user);
  }

  private async find(manager: EntityManager, helplineId: string, id: string): Promise<StaffUser> {
    // Scoped by helpline: another helpline's user is "not found", never "forbidden", so ids reveal nothing.
    const user = await manager.findOneBy(StaffUser, { id, helplineId });
    if (!user) throw new StaffUserNotFoundError();
    return user;
  }

  /** After commit: the new version is what every process checks; sockets opened with the old one are closed. */
  private async endSessions(user: StaffUser): Promise<void> {
    await this.sessions.publish(user);
    this.realtime.disconnect(rooms.user(user.id));
  }

  /** One audit entry of an account change, in the change's transaction: names of fields, never their values. */
  private record(
    manager: EntityManager,
    helplineId: string,
    actor: AuditActor,
    action: string,
    userId: string,
    fields: string[],
  ): Promise<void> {
    return this.audit.append(manager, helplineId, [
      { actor, action, subjectType: 'staff-user', subjectId: userId, fields, purpose: 'administration' },
    ]);
  }

  private async revokeRefreshTokens(manager: EntityManager, user: StaffUser): Promise<void> {
    await manager.update(
      StaffSession,
      { userId: user.id, helplineId: user.helplineId, revokedAt: IsNull() },
      { revokedAt: this.clock.nowMs() },
    );
  }

  private async announce(user: StaffUser): Promise<void> {
    await this.realtime
      .publish(rooms.role(user.helplineId, 'admin'), STAFF_EVENTS.userChanged, { userId: user.id })
      .catch((error: unknown) => this.logger.warn(`Could not announce a staff change: ${(error as Error).message}`));
  }
}
