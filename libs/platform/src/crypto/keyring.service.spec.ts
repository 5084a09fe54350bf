import { Logger } from '@nestjs/common';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '../clock/clock';
import type { TukiConfig } from '../config/tuki-config';
import { activateKey, addKey, writeKeyringFile } from './keyring-document';
import { KeyringService } from './keyring.service';

class FixedClock extends Clock {
  now(): Date {
    return new Date('2026-11-29T10:00:00.000Z');
  }
}

describe('KeyringService', () => {
  let dir: string;
  let file: string;
  const config = (env: TukiConfig['env']) => ({ env, keyringFile: file }) as TukiConfig;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tuki-keyring-service-'));
    file = join(dir, 'keyring.json');
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates the keyring file for a zero-config start outside production', () => {
    const service = new KeyringService(config('development'), new FixedClock());

    expect(existsSync(file)).toBe(true);
    expect(service.activeKey().id).toMatch(/^k-2026-11-29-/);
  });

  it('stops the boot in production when the keyring file is missing', () => {
    expect(() => new KeyringService(config('production'), new FixedClock())).toThrow(
      expect.objectContaining({ code: 'KEYRING_INVALID' }),
    );
    expect(existsSync(file)).toBe(false);
  });

  it('learns of an activated key on a reload tick and logs a bad file once', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const service = new KeyringService(config('test'), new FixedClock());
    const { doc, keyId } = addKey(service.keyring.document(), new Date('2026-12-01T00:00:00Z'));
    writeKeyringFile(file, activateKey(doc, keyId));

    service.reload();
    expect(service.activeKey().id).toBe(keyId);

    writeFileSync(file, 'not json');
    service.reload();
    service.reload();
    expect(error).toHaveBeenCalledTimes(1);
    expect(service.activeKey().id).toBe(keyId);
  });

  it('starts an unref-ed reload timer and stops it on module destroy', () => {
    const service = new KeyringService(config('test'), new FixedClock());
    const start = jest.spyOn(global, 'setInterval');
    const clear = jest.spyOn(global, 'clearInterval');

    service.onModuleInit();
    const timer = start.mock.results[0].value as NodeJS.Timeout;
    expect(start).toHaveBeenCalledWith(expect.any(Function), 2_000);
    expect(timer.hasRef()).toBe(false);

    service.onModuleDestroy();
    expect(clear).toHaveBeenCalledWith(timer);
  });
});
