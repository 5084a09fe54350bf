import { execFileSync } from 'node:child_process';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

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

/** An accessibility fault axe-core rates serious or critical: what the page tests refuse. */
export interface AxeFault {
  id: string;
  impact: string;
  nodes: string[];
}

/**
 * Runs axe-core on the page as it is and returns its serious and critical faults. axe is loaded through the DevTools
 * protocol (page.evaluate), which the pages' Content-Security-Policy does not apply to.
 */
export async function seriousAxeFaults(page: Page): Promise<AxeFault[]> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate<AxeFault[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) =>
      ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })))`,
  );
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
