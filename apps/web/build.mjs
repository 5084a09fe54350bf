// Builds the web pages to static files the api serves (apps/web/dist). Each page is its own bundle, so the public
// chat page never loads staff code. esbuild: one dependency, a few hundred milliseconds.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const out = join(root, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: {
    chat: join(root, 'src/chat/main.ts'),
    agent: join(root, 'src/agent/main.ts'),
    supervisor: join(root, 'src/supervisor/main.ts'),
    statistics: join(root, 'src/statistics/main.ts'),
    admin: join(root, 'src/admin/main.ts'),
  },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  outdir: out,
  // No eval, no inline scripts: the pages run under a strict Content-Security-Policy.
  legalComments: 'none',
  logLevel: 'warning',
});
// `shared` holds what several staff pages link (staff.css); the callers' chat page never links it.
for (const page of ['chat', 'agent', 'supervisor', 'statistics', 'admin', 'shared']) {
  for (const file of readdirSync(join(root, 'src', page))) {
    if (file.endsWith('.html') || file.endsWith('.css')) cpSync(join(root, 'src', page, file), join(out, file));
  }
}
