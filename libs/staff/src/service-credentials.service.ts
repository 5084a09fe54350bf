import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock, ServiceCredentialValidator, type ServicePrincipal } from '@tuki/platform';
import type { CreatedServiceCredentialView, ServiceCredentialView } from './dto/service-credential.dto';
import { ServiceCredential } from './service-credential.entity';
import { ServiceCredentialNotFoundError } from './staff.errors';

const PREFIX = 'tks_';
const CACHE_MS = 5_000;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const toView = (c: ServiceCredential): ServiceCredentialView => ({
  id: c.id,
  name: c.name,
  createdAt: c.createdAt,
  revoked: c.revokedAt !== null,
});

/**
 * Service credentials: `tks_<id>.<secret>` bearer tokens for channel adapters. Verification is one primary-key read,
 * cached for 5 s per process, so a webhook burst does not hit the database per request and a revocation takes effect
 * everywhere within 5 s.
 */
@Injectable()
export class ServiceCredentialsService extends ServiceCredentialValidator {
  private readonly cache = new Map<string, { at: number; credential: ServiceCredential | null }>();

  constructor(
    @InjectRepository(ServiceCredential) private readonly credentials: Repository<ServiceCredential>,
    private readonly clock: Clock,
  ) {
    super();
  }

  async create(helplineId: string, name: string): Promise<CreatedServiceCredentialView> {
    const secret = randomBytes(32).toString('base64url');
    const credential = this.credentials.create({
      id: randomUUID(),
      helplineId,
      name,
      secretHash: sha256(secret),
      createdAt: this.clock.nowMs(),
      revokedAt: null,
    });
    await this.credentials.insert(credential);
    return { ...toView(credential), token: `${PREFIX}${credential.id}.${secret}` };
  }

  async list(helplineId: string): Promise<ServiceCredentialView[]> {
    return (await this.credentials.find({ where: { helplineId }, order: { createdAt: 'ASC' } })).map(toView);
  }

  async revoke(helplineId: string, id: string): Promise<void> {
    const result = await this.credentials.update({ id, helplineId }, { revokedAt: this.clock.nowMs() });
    if (!result.affected) throw new ServiceCredentialNotFoundError();
    this.cache.delete(id);
  }

  async verify(token: string): Promise<ServicePrincipal | undefined> {
    const match = /^tks_([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/.exec(token);
    if (!match) return undefined;
    const [, id, secret] = match;
    const credential = await this.load(id);
    if (!credential || credential.revokedAt !== null) return undefined;
    const expected = Buffer.from(credential.secretHash, 'hex');
    if (!timingSafeEqual(expected, Buffer.from(sha256(secret), 'hex'))) return undefined;
    return { kind: 'service', credentialId: credential.id, helplineId: credential.helplineId };
  }

  private async load(id: string): Promise<ServiceCredential | null> {
    const now = this.clock.nowMs();
    const cached = this.cache.get(id);
    if (cached && now - cached.at < CACHE_MS) return cached.credential;
    const credential = await this.credentials.findOneBy({ id });
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(id, { at: now, credential });
    return credential;
  }
}
