import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { TUKI_CONFIG, type TukiConfig } from '../config/tuki-config';
import { Keyring, type KekSource } from './keyring';

/** How often running processes look for keyring changes; operators wait a few seconds between rotation steps. */
export const KEYRING_RELOAD_INTERVAL_MS = 2_000;

/**
 * The process's keyring, loaded from TUKI_CONFIG.keyringFile when the container builds it (so a missing or bad file
 * stops the boot), and re-read every 2 s so a rotation reaches every process without a restart. Outside production a
 * missing file is generated, for the zero-config start.
 */
@Injectable()
export class KeyringService implements KekSource, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(KeyringService.name);
  /** The keyring this service keeps fresh; the CLI reads its document to plan rotation steps. */
  readonly keyring: Keyring;
  private timer?: NodeJS.Timeout;
  private lastProblem?: string;

  constructor(@Inject(TUKI_CONFIG) config: TukiConfig, clock: Clock) {
    this.keyring = Keyring.load(config.keyringFile, {
      createIfMissing: config.env !== 'production',
      now: clock.now(),
    });
  }

  onModuleInit(): void {
    // unref: the reload timer alone must never keep a process (a CLI command, a test) alive.
    this.timer = setInterval(() => this.reload(), KEYRING_RELOAD_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  activeKey(): { id: string; key: Buffer } {
    return this.keyring.activeKey();
  }

  key(id: string): Buffer {
    return this.keyring.key(id);
  }

  /** One reload tick; errors are logged (once per distinct problem) and the keys loaded earlier stay in use. */
  reload(): void {
    try {
      if (this.keyring.reloadIfChanged()) {
        this.logger.log(`Keyring reloaded; active key ${this.keyring.activeKey().id}`);
      }
      this.lastProblem = undefined;
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      if (problem !== this.lastProblem) this.logger.error(problem);
      this.lastProblem = problem;
    }
  }
}
