import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { TUKI_CONFIG, type TukiConfig } from '../config/tuki-config';
import { TransactionRunner } from '../database/transaction-runner';
import { DataKey } from './data-key.entity';
import { keyRotationStatus, type KeyRotationStatus } from './key-rotation';
import { KeyringService } from './keyring.service';

/** The keyring's rotation status with one helpline's data keys: what the administration page shows. */
export interface KeyringStatusView extends KeyRotationStatus {
  /** Live (not shredded) data keys of the helpline per key-encryption key. */
  dataKeys: { kekId: string; live: number }[];
  /**
   * Live data keys of the helpline still wrapped under a key that is not the active one: until `keys rewrap` has
   * run, the older key cannot be retired.
   */
  rewrapPending: number;
}

/**
 * Read-only: when the keys were last rotated and when rotation is due (KEY_ROTATION_DAYS from the active key's
 * creation). The keyring is the deployment's, as the keys are; the counts are the asking helpline's own only, so no
 * helpline learns another's volume. Rotation itself stays a CLI command.
 */
@Injectable()
export class KeyringStatus {
  constructor(
    @Inject(TUKI_CONFIG) private readonly config: Pick<TukiConfig, 'keyRotationDays'>,
    private readonly keyring: KeyringService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async of(helplineId: string): Promise<KeyringStatusView> {
    const rotation = keyRotationStatus(
      this.keyring.keyring.document(),
      this.clock.nowMs(),
      this.config.keyRotationDays,
    );
    const counts = await this.transactions.run((manager) =>
      manager
        .getRepository(DataKey)
        .createQueryBuilder('dk')
        .select('dk.kekId', 'kekId')
        .addSelect('COUNT(*)', 'live')
        .where('dk.helplineId = :helplineId', { helplineId })
        .andWhere('dk.destroyedAt IS NULL')
        .groupBy('dk.kekId')
        .orderBy('dk.kekId', 'ASC')
        .getRawMany<{ kekId: string; live: string | number }>(),
    );
    const dataKeys = counts.map((row) => ({ kekId: row.kekId, live: Number(row.live) }));
    const rewrapPending = dataKeys
      .filter((row) => row.kekId !== rotation.activeKeyId)
      .reduce((sum, row) => sum + row.live, 0);
    return { ...rotation, dataKeys, rewrapPending };
  }
}
