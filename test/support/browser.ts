import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (never a downloaded browser); `.ci/run` installs it. */
export function chromiumPath(): string {
  const path = execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
    encoding: 'utf8',
  }).trim();
  if (!path) throw new Error('Chromium is not installed: apt-get install -y chromium');
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Containers run as root without a user namespace sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** Builds the web pages the api serves (esbuild, well under a second), so the test sees the current sources. */
export function buildWebPages(): void {
  execFileSync('node', ['apps/web/build.mjs'], { stdio: 'inherit' });
}
