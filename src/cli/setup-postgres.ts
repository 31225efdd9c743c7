import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { sleep, type Log } from '../sandbox/engine.js';
import { aptInstall, canInstall } from '../setup/engine.js';
import { openStore } from '../store/index.js';
import { UserError, errorMessage } from '../util/errors.js';

/**
 * `zuko-judge setup --postgres`: a local PostgreSQL server with a database for zuko-judge, for
 * trying the shared-database mode on one machine and for the test suite. Debian's `postgresql`
 * package is installed where missing and its cluster started where stopped (as root on
 * Debian/Ubuntu, like the Docker engine); quick when all of it is there already.
 *
 * The role and database it makes are for this machine only (a Debian cluster listens on
 * localhost): a server shared by several hosts gets a role and password of its own.
 */
export const LOCAL_ROLE = 'zuko';
export const LOCAL_PASSWORD = 'zuko';
const READY_WAIT_MS = 30_000;

export interface Cluster {
  version: string;
  name: string;
  port: number;
  online: boolean;
}

/** The URL of the local role's database on `port`. */
export function localUrl(port = 5432, database = LOCAL_ROLE): string {
  return `postgres://${LOCAL_ROLE}:${LOCAL_PASSWORD}@localhost:${port}/${database}`;
}

/** Installs, starts and prepares the local server as needed; resolves with the URL to use. */
export async function setupPostgres(log: Log): Promise<string> {
  const problem = await usable(localUrl());
  if (problem === null) return localUrl();
  if (!canInstall()) {
    throw new UserError(`${problem}; run setup as root on Debian/Ubuntu, or install PostgreSQL, create a role and database and pass their URL with --db`);
  }
  if (!hasServer()) {
    log("PostgreSQL not found: installing Debian's postgresql package (apt-get)");
    aptInstall(['postgresql']);
  }
  const cluster = await startCluster(log);
  ensureLocalRole(cluster.port);
  const url = localUrl(cluster.port);
  const still = await usable(url);
  if (still !== null) throw new UserError(`PostgreSQL ${cluster.version}/${cluster.name} is running but zuko-judge cannot use it: ${still}`);
  return url;
}

/** Null when a store opens at `url`, else why not. */
async function usable(url: string): Promise<string | null> {
  try {
    const store = await openStore(url);
    await store.close();
    return null;
  } catch (err) {
    return errorMessage(err);
  }
}

function hasServer(): boolean {
  return run('sh', ['-c', 'command -v pg_lsclusters && command -v pg_ctlcluster']).ok && serverVersions().length > 0;
}

function serverVersions(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  } catch {
    return [];
  }
}

export function clusters(): Cluster[] {
  const listed = run('pg_lsclusters', ['--no-header']);
  if (!listed.ok) return [];
  return listed.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map(([version, name, port, status]) => ({ version, name, port: Number(port), online: status.startsWith('online') }));
}

/** The first cluster of the newest server version, created when there is none, started when down. */
async function startCluster(log: Log): Promise<Cluster> {
  let cluster = clusters()[0];
  if (!cluster) {
    const version = serverVersions()[0];
    log(`creating PostgreSQL cluster ${version}/main`);
    must(run('pg_createcluster', [version, 'main']), `pg_createcluster ${version} main`);
    cluster = clusters()[0];
    if (!cluster) throw new UserError(`pg_createcluster ${version} main made no cluster; see /var/log/postgresql`);
  }
  if (!cluster.online) {
    log(`starting PostgreSQL ${cluster.version}/${cluster.name} on port ${cluster.port}`);
    must(run('pg_ctlcluster', [cluster.version, cluster.name, 'start']), `pg_ctlcluster ${cluster.version} ${cluster.name} start`);
  }
  for (let waited = 0; waited < READY_WAIT_MS; waited += 250) {
    if (run('pg_isready', ['-q', '-p', String(cluster.port)]).ok) return { ...cluster, online: true };
    await sleep(250);
  }
  throw new UserError(
    `PostgreSQL ${cluster.version}/${cluster.name} does not accept connections after 30 s; see /var/log/postgresql/postgresql-${cluster.version}-${cluster.name}.log`,
  );
}

/** The local role (may create databases, so tests can make their own) and its database. */
function ensureLocalRole(port: number): void {
  const psql = (sql: string) => run('runuser', ['-u', 'postgres', '--', 'psql', '-p', String(port), '-v', 'ON_ERROR_STOP=1', '-Atqc', sql]);
  const role = psql(`SELECT 1 FROM pg_roles WHERE rolname = '${LOCAL_ROLE}'`);
  must(role, 'psql as postgres');
  const verb = role.stdout.trim() === '1' ? 'ALTER' : 'CREATE';
  must(psql(`${verb} ROLE ${LOCAL_ROLE} LOGIN CREATEDB PASSWORD '${LOCAL_PASSWORD}'`), `${verb} ROLE ${LOCAL_ROLE}`);
  const database = psql(`SELECT 1 FROM pg_database WHERE datname = '${LOCAL_ROLE}'`);
  must(database, 'psql as postgres');
  if (database.stdout.trim() !== '1') must(psql(`CREATE DATABASE ${LOCAL_ROLE} OWNER ${LOCAL_ROLE}`), `CREATE DATABASE ${LOCAL_ROLE}`);
}

function run(command: string, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  // From /, which every user may enter: psql run as postgres would complain about root's home.
  const r = spawnSync(command, args, { cwd: '/', encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: (r.stderr ?? r.error?.message ?? '').trim() };
}

function must(r: { ok: boolean; stderr: string }, what: string): void {
  if (!r.ok) throw new UserError(`${what} failed: ${r.stderr.split('\n')[0] || 'no output'}`);
}
