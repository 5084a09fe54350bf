import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import {
  AccessTokens,
  Clock,
  DataKeysService,
  TUKI_CONFIG,
  TransactionRunner,
  decryptField,
  encryptField,
  type TukiConfig,
} from '@tuki/platform';
import { SignInThrottledError } from './auth/auth.errors';
import { PasswordHasher } from './auth/password-hasher';
import { normaliseLogin } from './auth/sign-in-subject';
import { SignInThrottle } from './auth/sign-in-throttle';
import { generateTotpSecret, totpUri, verifyTotp } from './auth/totp';
import type { MfaEnrolmentView, TokensView } from './dto/sign-in.dto';
import { requiresMfa } from './mfa-policy';
import { StaffSession } from './staff-session.entity';
import { StaffUser } from './staff-user.entity';
import {
  ConflictMfaEnrolledError,
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  MfaRequiredError,
} from './staff.errors';

const TOTP_FIELD = 'totp_secret';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

interface Credentials {
  login: string;
  password: string;
  totp?: string;
}

/**
 * Sign-in, second factor and refresh. Every password check goes through the throttle first; the answer to a wrong
 * login, a wrong password and a disabled account is the same.
 */
@Injectable()
export class SignInService {
  /** Verified against when the login does not exist, so a wrong login costs as long as a wrong password. */
  private dummyHash?: Promise<string>;

  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly transactions: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly throttle: SignInThrottle,
    private readonly tokens: AccessTokens,
    private readonly dataKeys: DataKeysService,
    private readonly clock: Clock,
    @Inject(TUKI_CONFIG) private readonly config: TukiConfig,
  ) {}

  async signIn(credentials: Credentials, address: string): Promise<TokensView> {
    const user = await this.checkPassword(credentials, address);
    if (requiresMfa(user.roleList())) {
      if (!user.mfaEnrolled) throw new MfaRequiredError(false);
      if (!credentials.totp) throw new MfaRequiredError(true);
      await this.checkTotp(user, credentials.totp);
    }
    await this.throttle.succeeded(user.login, address);
    return this.transactions.run((manager) => this.startSession(manager, user, randomUUID()));
  }

  /** Step one of enrolment: after the password, a new secret to scan. It only counts once confirmed with a code. */
  async beginMfaEnrolment(credentials: Credentials, address: string): Promise<MfaEnrolmentView> {
    const user = await this.checkPassword(credentials, address);
    if (user.mfaEnrolled) throw new ConflictMfaEnrolledError();
    const secret = generateTotpSecret();
    await this.transactions.run(async (manager) => {
      const key = await this.dataKeys.open(manager, user.helplineId, user.dataKeyId);
      const sealed = encryptField(key, secret, { recordId: user.id, field: TOTP_FIELD });
      await manager.update(
        StaffUser,
        { id: user.id },
        { totpSecret: sealed.toString('base64'), updatedAt: this.clock.nowMs() },
      );
    });
    return { secret, uri: totpUri(secret, user.login) };
  }

  /** Step two: the first code from the new authenticator proves it works; enrolment is done and a session starts. */
  async confirmMfaEnrolment(credentials: Required<Credentials>, address: string): Promise<TokensView> {
    const user = await this.checkPassword(credentials, address);
    if (user.mfaEnrolled) throw new ConflictMfaEnrolledError();
    await this.checkTotp(user, credentials.totp);
    await this.throttle.succeeded(user.login, address);
    return this.transactions.run(async (manager) => {
      await manager.update(StaffUser, { id: user.id }, { mfaEnrolled: true, updatedAt: this.clock.nowMs() });
      return this.startSession(manager, user, randomUUID());
    });
  }

  /** Rotates a refresh token. A token used twice was copied: its whole family is revoked. */
  async refresh(refreshToken: string): Promise<TokensView> {
    const now = this.clock.nowMs();
    const outcome = await this.transactions.run(async (manager) => {
      const session = await manager.findOneBy(StaffSession, { tokenHash: sha256(refreshToken) });
      if (!session || session.revokedAt !== null || session.expiresAt <= now) return undefined;
      if (session.rotatedAt !== null) {
        await manager.update(StaffSession, { familyId: session.familyId }, { revokedAt: now });
        return undefined;
      }
      const user = await manager.findOneBy(StaffUser, { id: session.userId, helplineId: session.helplineId });
      if (!user || user.disabledAt !== null) return undefined;
      await manager.update(StaffSession, { id: session.id }, { rotatedAt: now });
      return this.startSession(manager, user, session.familyId);
    });
    if (!outcome) throw new InvalidRefreshTokenError();
    return outcome;
  }

  async signOut(refreshToken: string): Promise<void> {
    const session = await this.transactions.run((manager) =>
      manager.findOneBy(StaffSession, { tokenHash: sha256(refreshToken) }),
    );
    if (!session) return;
    await this.transactions.run((manager) =>
      manager.update(StaffSession, { familyId: session.familyId }, { revokedAt: this.clock.nowMs() }),
    );
  }

  private async checkPassword(credentials: Credentials, address: string): Promise<StaffUser> {
    const login = normaliseLogin(credentials.login);
    // The attempt counts as a failure from here on, until the whole sign-in succeeds.
    const decision = await this.throttle.begin(login, address);
    if (!decision.allowed) throw new SignInThrottledError(decision.retryAfterSeconds);
    const user = await this.users.findOneBy({ login });
    this.dummyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
    const passwordOk = await this.hasher.verify(user?.passwordHash ?? (await this.dummyHash), credentials.password);
    if (!user || !passwordOk || user.disabledAt !== null) throw new InvalidCredentialsError();
    return user;
  }

  private async checkTotp(user: StaffUser, code: string): Promise<void> {
    const verified = await this.transactions.run(async (manager) => {
      const fresh = await manager.findOneByOrFail(StaffUser, { id: user.id });
      if (!fresh.totpSecret) return false;
      const key = await this.dataKeys.open(manager, fresh.helplineId, fresh.dataKeyId);
      const secret = decryptField(key, Buffer.from(fresh.totpSecret, 'base64'), {
        recordId: fresh.id,
        field: TOTP_FIELD,
      });
      const result = verifyTotp(secret, code, this.clock.now());
      // A code is accepted once: a step at or before the last accepted one is a replay.
      if (!result.ok || (fresh.totpLastStep !== null && result.step <= fresh.totpLastStep)) return false;
      await manager.update(StaffUser, { id: fresh.id }, { totpLastStep: result.step });
      return true;
    });
    if (!verified) throw new InvalidCredentialsError();
  }

  private async startSession(manager: EntityManager, user: StaffUser, familyId: string): Promise<TokensView> {
    const refreshToken = randomBytes(32).toString('base64url');
    const now = this.clock.nowMs();
    await manager.insert(StaffSession, {
      id: randomUUID(),
      helplineId: user.helplineId,
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: now + this.config.auth.refreshTokenTtlSeconds * 1000,
      rotatedAt: null,
      revokedAt: null,
      createdAt: now,
    });
    const access = this.tokens.issue({
      kind: 'staff',
      userId: user.id,
      helplineId: user.helplineId,
      roles: user.roleList(),
      sessionVersion: user.sessionVersion,
    });
    return { accessToken: access.accessToken, refreshToken, expiresIn: access.expiresIn };
  }
}
