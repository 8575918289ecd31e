#!/usr/bin/env node
// End-to-end tests of the public finder pages and the staff console in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core), against a real `recoverynet serve` with the
// repository's feeds imported.
//
//   node tests/e2e/run.mjs --binary build/recoverynet --fixtures testdata
//        [--screenshots docs/screenshots] [--filter substring] [--keep]
//        [--now 2026-12-01T23:30:00-06:00] [--timezone America/Chicago] [--postgres DIR]
//
// --postgres DIR (DIR the folder of a scripts/pg-scratch server, its address in DIR/uri) runs everything
// on a fresh schema of that server's database instead of a SQLite file, as tests/api/run.py and
// tests/security/run.py do (tests/cli/pgdb.py; postgresDatabase below): every recoverynet process gets
// its URI as --db and RECOVERYNET_NOTES_KEY (the private-note key in the temporary directory). Such a run
// writes its screenshots into the temporary directory unless --screenshots is given: only the SQLite
// run writes docs/screenshots.
//
// 1. makes a temporary directory and imports the feeds into a fresh database, as `recoverynet demo`
//    does (the three real Meeting Guide feeds with --fellowship aa, the BMLT sample as na and the
//    mutual-aid demo feed) and checks each import's summary line;
// 2. adds the staff console's test sites and accounts (STAFF below) with the CLI;
// 3. starts `recoverynet serve` on a free loopback port and waits for /readyz;
// 4. runs tests/e2e/*.test.mjs with node:test (one file at a time; the spec reporter), passing the
//    server's address, the database and the binary to them in RN_E2E_* environment variables;
// 5. stops the server, removes the temporary directory (unless --keep) and exits 1 if anything failed.
// Only Node's standard library and playwright-core/axe-core (package.json) are used.
//
// Clocks (tests/e2e/README.md, "Clocks"): the tests pin every instant they depend on (`at=` on the
// pages, a fixed clock and time zone in every browser context). --now INSTANT runs the whole suite as
// if it were INSTANT, to show that nothing else depends on when it runs: every recoverynet process
// (imports, CLI, server) runs under libfaketime with its clock starting at INSTANT, and every browser
// context's clock is fixed at INSTANT. --timezone ZONE is the time zone of the server and test
// processes (TZ) and of the browser contexts that do not choose one (default America/Chicago).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const READY_TIMEOUT_MS = 30_000;
// The browser's zone when the test does not choose one, and TZ of the processes run.mjs starts.
const DEFAULT_TIMEZONE = 'America/Chicago';
// libfaketime's thread-safe preload library (Debian package libfaketime, with faketime): for --now.
const LIBFAKETIME_DIRS = ['/usr/lib/x86_64-linux-gnu/faketime', '/usr/lib/aarch64-linux-gnu/faketime',
                          '/usr/lib/faketime', '/usr/local/lib/faketime'];

// The imports, as `recoverynet demo` runs them (src/app/commands.cpp RunDemo), with the summary each
// must print (the row counts are worked out in tests/api/cases/imports.json and testdata/demo).
export const IMPORTS = [
  { kind: 'meeting-guide', file: 'meeting-feeds/oc.json', source: 'oc', zone: 'America/Los_Angeles',
    fellowship: 'aa', imported: 1967, rejected: 0 },
  { kind: 'meeting-guide', file: 'meeting-feeds/aasfmarin.test.json', source: 'aasfmarin',
    zone: 'America/Los_Angeles', fellowship: 'aa', imported: 658, rejected: 0 },
  { kind: 'meeting-guide', file: 'meeting-feeds/nwta.test.json', source: 'nwta', zone: 'America/Chicago',
    fellowship: 'aa', imported: 613, rejected: 0 },
  { kind: 'bmlt', file: 'bmlt', source: 'bmlt-demo', zone: 'America/New_York', fellowship: 'na',
    imported: 8, rejected: 4 },
  { kind: 'meeting-guide', file: 'demo/mutual-aid.json', source: 'demo', zone: 'America/New_York',
    fellowship: '', imported: 10, rejected: 0 },
];

// The community resources, as `recoverynet demo` imports them (the seed's drop-in centre among the
// synthetic services of testdata/demo/resources.json, and Link-SF's drop-in services), with the
// summary each must print (the counts: tests/cli/hsds_test.py and docs/resources.md).
export const RESOURCE_IMPORTS = [
  { kind: 'hsds', file: 'demo/resources.json', source: 'demo-resources', zone: 'America/New_York',
    summary: 'organizations=3 services=4 locations=3 service_at_locations=4 taxonomies=0 ' +
             'taxonomy_terms=0 created=14 updated=0 unchanged=0 removed=0 rejected=0' },
  { kind: 'linksf', file: 'resources/linksf-sf-dropin/linksf.json', source: 'linksf',
    zone: 'America/Los_Angeles',
    summary: 'organizations=76 services=96 locations=76 service_at_locations=96 taxonomies=0 ' +
             'taxonomy_terms=0 created=344 updated=0 unchanged=0 removed=0 rejected=0' },
];

// The staff console's test sites and accounts (60_staff.test.mjs), made with the CLI before the
// server starts. Clearly fake names; every account has STAFF_PASSWORD (passed to the tests in
// RN_E2E_STAFF_PASSWORD). Each account: [name, display name, [role, site, scope?]...] (the first role
// comes with `user add`, the others with `user set-role`).
export const STAFF_SITES = [['north', 'North Test Site'], ['south', 'South Test Site']];
export const STAFF_PASSWORD = 'e2e staff passphrase 2026';
export const STAFF = [
  ['test.editor', 'Test Editor', ['directory_editor', 'north']],
  // Two sites: /staff lists them (and has "Sign out on every device") instead of redirecting.
  ['test.admin', 'Test Admin', ['site_admin', 'north'], ['coach', 'south']],
  ['test.coach', 'Test Coach', ['coach', 'north']],
  // 70_referrals: a referrer acting for the partner e2e-ed (the third entry of a role is its scope).
  ['test.referrer', 'Test Referrer', ['referrer', 'north', 'e2e-ed']],
  ['test.supervisor', 'Test Supervisor', ['supervisor', 'north']],
  ['test.coach2', 'Test Coach Two', ['coach', 'north']],
  // 15_services: the staff of the demo's family recovery house, who keep its beds figure.
  ['test.partner', 'Test Partner', ['resource_partner', 'north', 'demo-org-3']],
];

function usage(message) {
  if (message) console.error(`run.mjs: ${message}`);
  console.error('usage: node tests/e2e/run.mjs --binary PATH --fixtures DIR [--screenshots DIR] ' +
                '[--filter SUBSTRING] [--keep] [--now RFC3339-INSTANT] [--timezone ZONE] [--postgres DIR]');
  process.exit(2);
}

function parseArgs(argv) {
  // screenshots: docs/screenshots unless given, or with --postgres the temporary directory (main).
  const options = { screenshots: undefined, keep: false, timezone: DEFAULT_TIMEZONE };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--binary') options.binary = path.resolve(value());
    else if (arg === '--fixtures') options.fixtures = path.resolve(value());
    else if (arg === '--screenshots') options.screenshots = path.resolve(value());
    else if (arg === '--filter') options.filter = value();
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--now') options.now = value();
    else if (arg === '--timezone') options.timezone = value();
    else if (arg === '--postgres') options.postgres = path.resolve(value());
    else if (arg === '-h' || arg === '--help') usage();
    else usage(`unknown argument ${arg}`);
  }
  if (!options.binary || !options.fixtures) usage('--binary and --fixtures are required');
  if (options.now !== undefined) {
    // With its offset (or Z): an instant, whatever the machine's zone.
    const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;
    if (!rfc3339.test(options.now) || Number.isNaN(Date.parse(options.now))) {
      usage(`--now ${options.now}: give an RFC 3339 instant with its offset, e.g. 2026-12-01T23:30:00-06:00`);
    }
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: options.timezone });
  } catch {
    usage(`--timezone ${options.timezone}: not a known time zone`);
  }
  return options;
}

// The environment of every recoverynet process: TZ, and with --now libfaketime (the thread-safe
// libfaketimeMT: the server is multi-threaded). FAKETIME is an offset from the real clock ("-17717s"),
// worked out once (options.offsetSeconds), so that the imports, the CLI and the server, and the CLI
// the tests run later, share one timeline that starts at --now and runs on; FAKETIME="@TIME" would
// start the clock afresh at TIME in every process. The monotonic clock stays real (timeouts, idle
// limits, steady_clock).
function processEnvironment(options) {
  const env = { TZ: options.timezone };
  if (options.now === undefined) return env;
  const library = LIBFAKETIME_DIRS.map((dir) => path.join(dir, 'libfaketimeMT.so.1')).find((f) => fs.existsSync(f));
  if (!library) usage('--now needs libfaketime (Debian package faketime; scripts/install-deps)');
  options.offsetSeconds = Math.round((Date.parse(options.now) - Date.now()) / 1000);
  return {
    ...env,
    LD_PRELOAD: [library, process.env.LD_PRELOAD].filter(Boolean).join(':'),
    FAKETIME: `${options.offsetSeconds < 0 ? '-' : '+'}${Math.abs(options.offsetSeconds)}s`,
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  };
}

// psql against `uri` with `sql` (stopping at the first error); throws with psql's message if it fails.
function psql(uri, sql) {
  const done = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', uri, '-c', sql],
                         { encoding: 'utf8', timeout: 60_000 });
  if (done.status !== 0) throw new Error(`psql failed on ${sql}: ${done.error ?? done.stderr}`);
}

// A fresh schema on the scripts/pg-scratch server in `folder` (tests/cli/pgdb.py does the same for the
// Python suites): { uri, schema, server, env }, uri the --db address (search_path set to the schema),
// env what every recoverynet process needs on PostgreSQL (RECOVERYNET_NOTES_KEY in `workdir`).
function postgresDatabase(folder, workdir) {
  const server = fs.readFileSync(path.join(folder, 'uri'), 'utf8').trim();
  const schema = `rn_e2e_${process.pid}`;
  psql(server, `SET client_min_messages = warning; DROP SCHEMA IF EXISTS ${schema} CASCADE; ` +
               `CREATE SCHEMA ${schema}`);
  const uri = `${server}${server.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`;
  return { uri, schema, server, env: { RECOVERYNET_NOTES_KEY: path.join(workdir, 'notes.key') } };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Runs every import; returns failure lines.
function runImports(options, db) {
  const failures = [];
  const run = (step, extra, want) => {
    const args = ['import', step.kind, path.join(options.fixtures, step.file), '--db', db,
                  '--source', step.source, '--timezone', step.zone, '--log-level', 'warn', ...extra];
    const done = spawnSync(options.binary, args, { encoding: 'utf8', timeout: 300_000, env: options.env });
    if (done.status !== 0) {
      failures.push(`import ${step.source}: exit ${done.status}; ${(done.stderr || '').slice(-500)}`);
    } else if (done.stdout.trim() !== want) {
      failures.push(`import ${step.source}: printed ${JSON.stringify(done.stdout.trim())}, expected ` +
                    JSON.stringify(want));
    }
  };
  for (const step of IMPORTS) {
    run(step, step.fellowship ? ['--fellowship', step.fellowship] : [],
        `source=${step.source} imported=${step.imported} updated=0 unchanged=0 removed=0 ` +
        `rejected=${step.rejected}`);
  }
  for (const step of RESOURCE_IMPORTS) run(step, [], `source=${step.source} ${step.summary}`);
  return failures;
}

// Adds the staff sites and accounts; returns failure lines.
function addStaff(options, db) {
  const failures = [];
  const cli = (args, input) => {
    const done = spawnSync(options.binary, ['--db', db, '--log-level', 'warn', ...args],
                           { encoding: 'utf8', input, timeout: 60_000, env: options.env });
    if (done.status !== 0) {
      failures.push(`${args.slice(0, 3).join(' ')}: exit ${done.status}; ${(done.stderr || '').slice(-500)}`);
    }
  };
  for (const [id, name] of STAFF_SITES) cli(['site', 'add', id, '--name', name]);
  for (const [name, displayName, [role, site, scope], ...more] of STAFF) {
    cli(['user', 'add', name, '--display-name', displayName, '--role', role, '--site', site,
         ...(scope ? ['--scope', scope] : [])], `${STAFF_PASSWORD}\n`);
    for (const [otherRole, otherSite] of more) {
      cli(['user', 'set-role', name, '--role', otherRole, '--site', otherSite]);
    }
  }
  return failures;
}

async function waitReady(base, server) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) return `server exited with status ${server.exitCode} before /readyz`;
    try {
      const response = await fetch(`${base}/readyz`);
      if (response.status === 200) return null;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return `server not ready after ${READY_TIMEOUT_MS / 1000} s`;
}

// With --now: the server must run on the fake clock, or the run would prove nothing (a binary that
// libfaketime cannot preload, say). Its Date header (time()) and the finder's "today" (the C++
// system_clock, in the day menu: its first weekday option is tomorrow) must be --now plus the time
// since the run started. Returns null or what is wrong.
async function checkServerClock(base, options) {
  const fakeNow = Date.now() + options.offsetSeconds * 1000;
  const response = await fetch(`${base}/?tz=UTC&lang=en`);
  const header = response.headers.get('date');
  if (!(Math.abs(Date.parse(header ?? '') - fakeNow) < 5_000)) {
    return `the server's clock does not follow --now ${options.now}: Date ${header}, expected ` +
           new Date(fakeNow).toUTCString();
  }
  const page = await response.text();
  const tomorrow = /<select id="day"[^>]*><option value="today"[^>]*>[^<]*<\/option><option value="(\d)"/.exec(page);
  const expected = (new Date(fakeNow).getUTCDay() + 1) % 7;
  if (!tomorrow || Number(tomorrow[1]) !== expected) {
    return `the finder's day menu does not follow --now (tomorrow is day ${tomorrow?.[1]}, expected ${expected})`;
  }
  return null;
}

function stopServer(server) {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(options.binary)) usage(`no binary at ${options.binary}`);
  options.processEnv = processEnvironment(options);
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'recoverynet-e2e-'));
  let db = path.join(workdir, 'e2e.db');
  let postgres = null;
  let server = null;
  let failed = 0;
  try {
    if (options.postgres) {
      postgres = postgresDatabase(options.postgres, workdir);
      db = postgres.uri;
      // In the environment of every process run.mjs starts and of lib.mjs cli(...) (RN_E2E_PROCESS_ENV).
      Object.assign(options.processEnv, postgres.env);
    }
    options.env = { ...process.env, ...options.processEnv };
    options.screenshots ??= options.postgres ? path.join(workdir, 'screenshots')
                                             : path.join(REPO, 'docs', 'screenshots');
    console.log(`e2e_tests on ${postgres ? `PostgreSQL, schema ${postgres.schema}` : 'SQLite'}; ` +
                `screenshots in ${options.screenshots}`);
    const setupFailures = [...runImports(options, db), ...addStaff(options, db)];
    if (setupFailures.length) {
      for (const line of setupFailures) console.log(`FAIL ${line}`);
      return 1;
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const log = fs.openSync(path.join(workdir, 'server.log'), 'w');
    server = spawn(options.binary, ['serve', '--db', db, '--host', '127.0.0.1', '--port', String(port),
                                    '--log-level', 'warn'],
                   { cwd: workdir, stdio: ['ignore', log, log], env: options.env });
    let notReady = await waitReady(base, server);
    if (!notReady && options.now !== undefined) notReady = await checkServerClock(base, options);
    if (notReady) {
      console.log(`FAIL server: ${notReady}\n${fs.readFileSync(path.join(workdir, 'server.log'), 'utf8')
        .slice(-3000)}`);
      return 1;
    }
    fs.mkdirSync(options.screenshots, { recursive: true });
    Object.assign(process.env, {
      RN_E2E_BASE: base,
      RN_E2E_FIXTURES: options.fixtures,
      RN_E2E_SCREENSHOTS: options.screenshots,
      RN_E2E_REPO: REPO,
      RN_E2E_DB: db,
      RN_E2E_BINARY: options.binary,
      RN_E2E_STAFF_PASSWORD: STAFF_PASSWORD,
      // The browser contexts' clock and default zone (lib.mjs newContext); the CLI's environment
      // (lib.mjs cli: TZ and, with --now, libfaketime's variables).
      RN_E2E_NOW: options.now ?? '',
      RN_E2E_TIMEZONE: options.timezone,
      RN_E2E_PROCESS_ENV: JSON.stringify(options.processEnv),
      // The test processes' own zone: a test that read the local time would read it in this zone.
      TZ: options.timezone,
    });
    if (options.now) console.log(`clocks: server and CLI from ${options.now} (FAKETIME=${options.env.FAKETIME}), ` +
                                 `browser fixed at ${options.now}, zone ${options.timezone}`);
    const files = fs.readdirSync(HERE).filter((name) => name.endsWith('.test.mjs')).sort()
      .map((name) => path.join(HERE, name));
    const stream = run({
      files,
      concurrency: 1,
      timeout: 600_000,
      testNamePatterns: options.filter ? [new RegExp(escapeRegExp(options.filter), 'i')] : undefined,
    });
    stream.on('test:fail', (event) => {
      if (event.details?.type !== 'suite') failed++;
    });
    const reporter = typeof spec === 'function' ? new spec() : spec;
    await new Promise((resolve, reject) => {
      const out = stream.compose(reporter);
      out.pipe(process.stdout, { end: false });
      out.on('end', resolve);
      out.on('error', reject);
    });
    if (server.exitCode !== null) {
      console.log(`FAIL server exited with status ${server.exitCode} during the tests:\n` +
                  fs.readFileSync(path.join(workdir, 'server.log'), 'utf8').slice(-3000));
      failed++;
    }
    // Every page's reads and writes are in the audit trail: its hash chain must hold.
    await stopServer(server);
    server = null;
    const verified = spawnSync(options.binary, ['audit', 'verify', '--db', db],
                               { encoding: 'utf8', timeout: 60_000, env: options.env });
    if (verified.status !== 0 || !verified.stdout.includes('chain intact')) {
      console.log(`FAIL audit verify after every browser test: exit ${verified.status}: ` +
                  `${verified.stdout}${verified.stderr}`);
      failed++;
    } else {
      console.log(`audit verify after every browser test: ${verified.stdout.trim()}`);
    }
    return failed ? 1 : 0;
  } finally {
    if (server) await stopServer(server);
    if (options.keep) console.log(`kept ${workdir}${postgres ? ` and schema ${postgres.schema}` : ''}`);
    else {
      fs.rmSync(workdir, { recursive: true, force: true });
      if (postgres) {
        try {
          psql(postgres.server, `SET client_min_messages = warning; DROP SCHEMA IF EXISTS ${postgres.schema} CASCADE`);
        } catch (error) {
          console.log(`could not drop schema ${postgres.schema}: ${error.message}`);
        }
      }
    }
  }
}

process.exitCode = await main();
