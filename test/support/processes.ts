import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { inheritedEnv } from '@tuki/testing';
import { send } from './http';

const DIST = resolve(__dirname, '..', '..', 'dist', 'apps');
/** The built deployables (`npm run build`), as the scale tests run them. */
export const MAINS = {
  api: join(DIST, 'api', 'src', 'main.js'),
  worker: join(DIST, 'worker', 'src', 'main.js'),
  cli: join(DIST, 'cli', 'src', 'main.js'),
};

export interface NodeProcess {
  name: string;
  child: ChildProcess;
  /** The tail of what it printed (stdout and stderr). */
  output: string;
  exited: Promise<number | string>;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * The built processes of one test: started with the test's environment (config only, no inherited secrets), killed
 * with kill -9 when the test says so, all stopped at the end.
 */
export class Processes {
  readonly all: NodeProcess[] = [];

  constructor(
    private readonly env: () => Record<string, string>,
    private readonly dataDir: string,
    /** Sees every chunk a process prints (to keep lines the test looks for whole). */
    private readonly onOutput?: (proc: NodeProcess, text: string) => void,
  ) {}

  spawn(name: string, main: string, env: Record<string, string> = {}, args: string[] = []): NodeProcess {
    const child = spawn(process.execPath, [main, ...args], {
      env: { ...inheritedEnv(this.dataDir), ...this.env(), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const proc: NodeProcess = {
      name,
      child,
      output: '',
      exited: new Promise((done) => child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown'))),
    };
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      proc.output = (proc.output + text).slice(-20_000);
      this.onOutput?.(proc, text);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.all.push(proc);
    return proc;
  }

  /** Runs an operator command of the CLI to its end, with `stdin` as its input (a password, say). */
  async runCli(args: string[], stdin: string): Promise<{ code: number | string; output: string }> {
    const proc = this.spawn('cli', MAINS.cli, {}, args);
    proc.child.stdin?.end(stdin);
    const code = await proc.exited;
    return { code, output: proc.output };
  }

  /** kill -9 of every process still running, as a crash would. */
  async killAll(): Promise<void> {
    const live = this.all.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    for (const proc of live) proc.child.kill('SIGKILL');
    await Promise.all(live.map((p) => p.exited));
  }
}

/** Waits until `url` answers 200 (a readiness or health route); fails with the process's output if it exits. */
export async function waitReady(url: string, proc: NodeProcess, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited: ${proc.output}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${proc.name} not ready at ${url} after ${ms} ms: ${proc.output}`);
}

/** A request that must succeed: its body, or an error naming the route and the answer. */
export async function ok(api: { url: string }, method: string, path: string, token?: string, body?: unknown) {
  const reply = await send(api, method, path, token, body);
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** First sign-in of a user whose role needs a second factor: enrols an authenticator and returns an access token. */
export async function enrolAndSignIn(api: { url: string }, login: string, password: string): Promise<string> {
  const enrolment = await ok(api, 'POST', '/auth/mfa/enrol', undefined, { login, password });
  const totp = new TOTP({ secret: Secret.fromBase32(enrolment.secret as string) }).generate();
  const tokens = await ok(api, 'POST', '/auth/mfa/confirm', undefined, { login, password, totp });
  return tokens.accessToken as string;
}
