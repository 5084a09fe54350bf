import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** Where dist/ is looked for: the repository root, which CI builds (`npm run build`) before it tests. */
const BUILD_ROOT = resolve(__dirname, '..');
const DOCKER_DIR = resolve(__dirname, '..', 'docker');

const ENTRYPOINTS = ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js', 'dist/apps/cli/src/main.js'];
/** Secrets the Tuki processes read; each must reach them only through a required interpolation. */
const APP_SECRETS = ['TOKEN_SIGNING_KEY', 'PSEUDONYMISATION_KEY', 'AUDIT_KEY', 'METRICS_TOKEN'];
const SECRETS = [...APP_SECRETS, 'POSTGRES_PASSWORD'];

type EnvironmentValue = string | number | boolean | null;

interface ComposeService {
  image?: string;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, EnvironmentValue> | string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { disable?: boolean; test?: string | string[] };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

const readDockerFile = (name: string): string => readFileSync(join(DOCKER_DIR, name), 'utf8');

/** Parsed as compose parses it: YAML merge keys (`<<: *tuki`) are expanded. */
const loadCompose = (): ComposeFile => parse(readDockerFile('compose.yml'), { merge: true }) as ComposeFile;

/** A service's environment as name -> value, whichever of the two forms compose allows it uses. */
function environmentOf(service: ComposeService): Map<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return new Map(environment.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)]));
  }
  return new Map(Object.entries(environment).map(([name, value]) => [name, String(value ?? '')]));
}

/** `${NAME:?message}`: compose refuses to start while NAME is unset or empty. */
const requiredInterpolation = (name: string) => new RegExp(`^\\$\\{${name}:\\?[^}]+\\}$`);

/**
 * Backstop for the structural checks: a long token that looks random (mixed case and digits, or long hex) outside any
 * `${...}` is probably a pasted secret.
 */
function secretLookingTokens(text: string): string[] {
  const withoutInterpolations = text.replace(/\$\{[^}]*\}/g, '');
  return (withoutInterpolations.match(/[A-Za-z0-9+/_=-]{24,}/g) ?? []).filter(
    (token) =>
      (/[a-z]/.test(token) && /[A-Z]/.test(token) && /\d/.test(token)) ||
      (/^[0-9a-f]{32,}$/i.test(token) && /\d/.test(token) && /[a-f]/i.test(token)),
  );
}

describe('docker/compose.yml', () => {
  it('is valid by the vendored Compose Specification schema', () => {
    const schema = JSON.parse(readDockerFile('compose-spec.schema.json'));
    // The schema declares draft 2019-09. Its unions (`"type": ["boolean", "string"]`) and one `additionalProperties`
    // without `"type": "object"` are fine JSON Schema that Ajv's strictTypes would reject; the other strict checks
    // stay on, so an unknown keyword or format in a newer copy fails loudly instead of validating nothing.
    const ajv = new Ajv2019({ allErrors: true, allowUnionTypes: true, strictTypes: false });
    addFormats(ajv);
    // The schema still carries draft-04 `id`s, which Ajv 8 refuses; each only repeats its own JSON pointer, so it is
    // kept as a plain annotation and `$ref`s resolve by pointer.
    ajv.removeKeyword('id');
    ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
    // compose's own format: `{start}[-{end}][/{protocol}]`.
    ajv.addFormat('expose', /^\d+(-\d+)?(\/[a-z]+)?$/);
    const validate = ajv.compile(schema);

    const valid = validate(loadCompose());

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('starts a service only once every service it depends on reports healthy', () => {
    const { services } = loadCompose();
    const waits = Object.entries(services).flatMap(([name, service]) =>
      Array.isArray(service.depends_on)
        ? service.depends_on.map((dependency) => ({ name, dependency, condition: 'service_started' }))
        : Object.entries(service.depends_on ?? {}).map(([dependency, { condition }]) => ({
            name,
            dependency,
            condition,
          })),
    );
    const problems = waits.flatMap(({ name, dependency, condition }) => [
      ...(condition === 'service_healthy' ? [] : [`${name} waits for ${dependency} with ${condition}`]),
      ...(services[dependency]?.healthcheck?.test ? [] : [`${dependency} has no healthcheck for ${name} to wait on`]),
    ]);

    expect(waits.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('keeps every Redis key (BullMQ needs noeviction) and its jobs across a restart', () => {
    const command = [loadCompose().services.redis.command ?? []].flat().join(' ');

    expect(command).toContain('--maxmemory-policy noeviction');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--appendfsync everysec');
  });
});

describe('docker entrypoints', () => {
  it('names only dist/ entrypoints that the build produces', () => {
    const text = readDockerFile('Dockerfile') + '\n' + readDockerFile('compose.yml');
    const named = [...new Set(text.match(/\bdist\/[\w/.-]*\.js\b/g) ?? [])].sort();

    expect(named).toEqual(expect.arrayContaining(ENTRYPOINTS));
    if (!existsSync(join(BUILD_ROOT, 'dist'))) {
      throw new Error(`No dist/ in ${BUILD_ROOT}: run \`npm run build\` first (CI builds before it tests).`);
    }
    expect(named.filter((path) => !existsSync(join(BUILD_ROOT, path)))).toEqual([]);
  });
});

describe('docker secrets', () => {
  it('passes every secret to compose services only as a required ${NAME:?message} interpolation', () => {
    const { services } = loadCompose();
    const tukiServices = Object.entries(services).filter(([, service]) =>
      [service.command, service.entrypoint].flat().some((part) => part?.includes('dist/apps/')),
    );
    const problems: string[] = [];
    for (const [name, service] of tukiServices) {
      const environment = environmentOf(service);
      for (const secret of APP_SECRETS) {
        if (!environment.has(secret)) problems.push(`${name}: ${secret} is not passed to the process`);
      }
    }
    for (const [name, service] of Object.entries(services)) {
      for (const [variable, value] of environmentOf(service)) {
        if (SECRETS.includes(variable) && !requiredInterpolation(variable).test(value)) {
          problems.push(`${name}: ${variable} is written in compose.yml instead of \${${variable}:?message}`);
        }
        // A password inside a URL (postgres://user:password@host) is a secret too.
        const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:(.*)@/i.exec(value)?.[1];
        if (password !== undefined && !/^\$\{[A-Z0-9_]+:\?[^}]+\}$/.test(password)) {
          problems.push(`${name}: the password in ${variable} must be a \${NAME:?message} interpolation`);
        }
      }
    }

    expect(tukiServices.map(([name]) => name).sort()).toEqual(['api', 'cli', 'worker']);
    expect(problems).toEqual([]);
  });

  it('writes no secret-looking value into compose.yml, the Dockerfile or .env.example', () => {
    for (const file of ['compose.yml', 'Dockerfile', '.env.example']) {
      expect({ file, tokens: secretLookingTokens(readDockerFile(file)) }).toEqual({ file, tokens: [] });
    }
  });

  it('lists every secret in docker/.env.example and leaves each one empty', () => {
    const values = new Map(
      readDockerFile('.env.example')
        .split('\n')
        .filter((line) => /^[A-Z0-9_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );

    expect(SECRETS.map((secret) => [secret, values.get(secret)])).toEqual(SECRETS.map((secret) => [secret, '']));
  });
});
