// Helpers of the end-to-end tests: the environment run.mjs sets up, the browser with its
// third-party request guard, an independent model of the fixture feeds (what the pages should show,
// worked out from the raw feed files, never from the server), page readers and axe-core.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

// ------------------------------------------------------------------------------------ environment

export const BASE = process.env.RN_E2E_BASE;
export const FIXTURES = process.env.RN_E2E_FIXTURES;
export const SCREENSHOTS = process.env.RN_E2E_SCREENSHOTS;
export const REPO = process.env.RN_E2E_REPO;
// The server's database and binary (for the CLI), and the staff test accounts' password (run.mjs).
export const DB = process.env.RN_E2E_DB;
export const BINARY = process.env.RN_E2E_BINARY;
export const STAFF_PASSWORD = process.env.RN_E2E_STAFF_PASSWORD;
// The browser's clock and zone (run.mjs --now, --timezone): every context's Date is fixed at
// BROWSER_NOW, and a context that does not choose a zone gets BROWSER_ZONE. Without --now the clock
// is the suite's reference instant, the evening of Tuesday 24 November 2026 in Texas.
export const REFERENCE_AT = '2026-11-24T19:10:00-06:00';
export const BROWSER_NOW = process.env.RN_E2E_NOW || REFERENCE_AT;
export const BROWSER_ZONE = process.env.RN_E2E_TIMEZONE || 'America/Chicago';
// TZ and, with --now, libfaketime's variables, for the CLI (cli() below), as run.mjs runs the server.
const PROCESS_ENV = JSON.parse(process.env.RN_E2E_PROCESS_ENV || '{}');
if (!BASE || !FIXTURES || !REPO) {
  throw new Error('run the e2e tests through tests/e2e/run.mjs (RN_E2E_* are not set)');
}
const BASE_URL = new URL(BASE);

const require = createRequire(path.join(REPO, 'package.json'));
const { chromium } = require('playwright-core');

export const PHONE = { width: 360, height: 780 };
export const DESKTOP = { width: 1280, height: 900 };

// ------------------------------------------------------------------------------------ browser

// Debian's Chromium; never a downloaded browser. We may run as root: no sandbox then.
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
}

// A browser context whose every request to a host other than the server's is aborted and recorded.
// `guard.allowExternal = true` marks later requests as allowed (they are still aborted: the tests
// never reach outside 127.0.0.1). Uncaught page exceptions are recorded in `guard.pageErrors`.
// Nothing in it reads the machine's clock, zone or language: Date is fixed at BROWSER_NOW (timers
// still run), the zone is BROWSER_ZONE and the locale en-US unless `options` choose others.
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, timezoneId: BROWSER_ZONE, locale: 'en-US',
    ...options });
  await context.clock.setFixedTime(BROWSER_NOW);
  context.setDefaultTimeout(10_000);
  const guard = { external: [], allowExternal: false, pageErrors: [], cspErrors: [], failedSubresources: [] };
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === BASE_URL.hostname) return route.continue();
    guard.external.push({ url: url.href, allowed: guard.allowExternal });
    return route.abort('internetdisconnected');
  });
  context.on('page', (page) => {
    page.on('pageerror', (error) => guard.pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
        guard.cspErrors.push(message.text());
      }
    });
  });
  // A stylesheet, script or image of the server's own that fails (pages themselves may be 4xx).
  context.on('response', (response) => {
    const request = response.request();
    if (response.status() >= 400 && !request.isNavigationRequest() && request.resourceType() !== 'fetch') {
      guard.failedSubresources.push(`${response.status()} ${response.url()}`);
    }
  });
  return { context, guard };
}

// Asserts no request left for another host (unless allowed), no script threw, the page's Content
// Security Policy blocked nothing, and every subresource of the server's loaded.
export function assertClean(guard) {
  const unexpected = guard.external.filter((r) => !r.allowed).map((r) => r.url);
  assert.deepEqual(unexpected, [], 'third-party requests were made (they were aborted)');
  assert.deepEqual(guard.pageErrors, [], 'uncaught exceptions in the page');
  assert.deepEqual(guard.cspErrors, [], 'the Content Security Policy blocked something');
  assert.deepEqual(guard.failedSubresources, [], 'subresources that failed');
}

// A page of a fresh context; returns {context, guard, page}.
export async function openPage(browser, options = {}) {
  const { context, guard } = await newContext(browser, options);
  const page = await context.newPage();
  return { context, guard, page };
}

// Opens the finder's filters (a <details> element, closed unless a filter is set) when they are hidden,
// as a person would: by clicking its summary.
export async function openFilters(page) {
  if (!(await page.locator('#day').isVisible())) await page.locator('#finder details > summary').first().click();
  assert.ok(await page.locator('#day').isVisible(), 'the filters open');
}

// Submits a form by clicking `button` and waits for the page it leads to. Returns {status (of the
// form's own response: 303 for a redirect), response (the page shown at the end)}.
export async function submitForm(page, button) {
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  const first = response.request().redirectedFrom();
  const status = first ? (await first.response()).status() : response.status();
  return { status, response };
}

// Signs in on the sign-in page (opening `address`, /staff/login by default, first when given or when
// the page is not a sign-in page) as `name`; returns submitForm's {status, response}.
export async function staffSignIn(page, name, password = STAFF_PASSWORD, address = null) {
  if (address || !new URL(page.url()).pathname.startsWith('/staff/login')) {
    await page.goto(address ?? `${BASE}/staff/login`);
  }
  await page.locator('#login-name').fill(name);
  await page.locator('#login-password').fill(password);
  return submitForm(page, page.getByRole('button', { name: 'Sign in' }));
}

// Sends the page's POSTs to URLs matching `pattern` from another loopback address (`localAddress`,
// e.g. 127.0.0.2) instead of the browser's 127.0.0.1, and gives the browser the server's answer:
// a second member of the public, with a rate limit budget of its own. The browser fills and submits
// the form as usual; other requests are untouched (the context's request guard still sees them).
export async function postFrom(page, pattern, localAddress) {
  await page.route(pattern, async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.fallback();
    const target = new URL(request.url());
    const headers = {};
    for (const [name, value] of Object.entries(await request.allHeaders())) {
      // No compressed answer (the browser would decode it twice); HTTP/2 pseudo-headers never.
      if (!name.startsWith(':') && name !== 'accept-encoding') headers[name] = value;
    }
    const body = request.postDataBuffer() ?? Buffer.alloc(0);
    headers['content-length'] = String(body.length);
    const answer = await new Promise((resolve, reject) => {
      const sent = http.request({
        host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`,
        method: 'POST', headers, localAddress,
      }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers,
          body: Buffer.concat(chunks) }));
        response.on('error', reject);
      });
      sent.on('error', reject);
      sent.end(body);
    });
    const answerHeaders = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (name === 'content-length' || name === 'transfer-encoding' || name === 'connection') continue;
      answerHeaders[name] = Array.isArray(value) ? value.join('\n') : String(value);
    }
    await route.fulfill({ status: answer.status, headers: answerHeaders, body: answer.body });
  });
}

// ------------------------------------------------------------------------------------ URLs

// The finder URL with `params` (an object; arrays repeat the parameter, undefined is left out).
export function url(pathname, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? value : [value]) query.append(key, String(one));
  }
  const text = query.toString();
  return `${BASE}${pathname}${text ? `?${text}` : ''}`;
}

// ------------------------------------------------------------------------------------ fixture model

// The documented stable listing id: FNV-1a 64 of source + NUL + slug, 16 hex digits.
export function listingId(source, slug) {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(`${source}\0${slug}`, 'utf8')) {
    h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

// The Meeting Guide type vocabulary (src/directory/types.json) plus the retired ONL and NS.
const TYPES = JSON.parse(fs.readFileSync(path.join(REPO, 'src/directory/types.json'), 'utf8'));
TYPES.ONL ??= { en: 'Online', es: 'En línea' };
TYPES.NS ??= { en: 'Non-Smoking', es: 'No fumar' };
export function typeName(code, lang) {
  return TYPES[code]?.[lang] ?? null;
}

// ISO 639-1 codes of the spoken-language type codes (docs/contracts/directory.md).
const LANGUAGE_OF_TYPE = {
  AF: 'af', AM: 'am', AR: 'ar', BG: 'bg', DA: 'da', DE: 'de', EL: 'el', EN: 'en', FA: 'fa', FI: 'fi',
  FR: 'fr', HE: 'he', HI: 'hi', HR: 'hr', HU: 'hu', IS: 'is', ITA: 'it', JA: 'ja', KA: 'ka', KOR: 'ko',
  LT: 'lt', ML: 'ml', MT: 'mt', NE: 'ne', NL: 'nl', NO: 'no', POL: 'pl', POR: 'pt', PUN: 'pa', RUS: 'ru',
  S: 'es', SK: 'sk', SL: 'sl', SV: 'sv', TH: 'th', TL: 'tl', TUR: 'tr', UK: 'uk',
};
const FELLOWSHIPS = new Set(['aa', 'na', 'ca', 'cma', 'al-anon', 'nar-anon', 'smart', 'recovery-dharma',
  'lifering', 'celebrate-recovery', 'wfs', 'all-recovery', 'refuge-recovery', 'peer-center', 'other']);

// The contract's reading of a Meeting Guide `types` (an array, or one string such as "[open]" or
// "O,D"): each token the code it names (ignoring case, or by its English name), without repeats.
export function normalizeTypes(raw) {
  let tokens = [];
  if (Array.isArray(raw)) tokens = raw.map(String);
  else if (typeof raw === 'string') tokens = raw.replace(/[[\]"']/g, '').split(',');
  const out = [];
  for (let token of tokens) {
    token = token.trim();
    if (!token) continue;
    const upper = token.toUpperCase();
    let code = Object.keys(TYPES).find((c) => c.toUpperCase() === upper);
    code ??= Object.keys(TYPES).find((c) => TYPES[c].en?.toUpperCase() === upper);
    code ??= token;
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

function parseClock(text) {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(String(text ?? '').trim());
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 1440 ? minutes : null;
}

function number(value) {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

// One listing of a Meeting Guide row: {id, source, slug, name, slots: [{day, start, duration}], zone,
// types, languages, attendance, lat, lng, address, city, postal, fellowship, conferenceUrl,
// conferencePhone, notes}.
function fromMeetingGuide(row, feed) {
  const slug = String(row.slug);
  const days = row.day === undefined || row.day === null || row.day === '' ? []
    : (Array.isArray(row.day) ? row.day : [row.day]).map(Number);
  const start = parseClock(row.time);
  let duration = 60;
  const end = parseClock(row.end_time);
  if (start !== null && end !== null && end !== start) duration = end > start ? end - start : end + 1440 - start;
  const types = normalizeTypes(row.types);
  const languages = [...new Set(types.filter((t) => LANGUAGE_OF_TYPE[t]).map((t) => LANGUAGE_OF_TYPE[t]))];
  const address = row.formatted_address ||
    [row.address, row.city, [row.state, row.postal_code].filter(Boolean).join(' '), row.country]
      .filter((p) => p !== null && p !== undefined && String(p).trim() !== '').join(', ');
  let city = row.city ? String(row.city) : null;
  let postal = row.postal_code !== null && row.postal_code !== undefined && row.postal_code !== ''
    ? String(row.postal_code) : null;
  const parsed = /,\s*([^,]+),\s*[A-Z]{2}\s+(\d{5})(?:-\d{4})?\s*(?:,|$)/.exec(row.formatted_address ?? '');
  if (parsed) {
    city ??= parsed[1].trim();
    postal ??= parsed[2];
  }
  let lat = number(row.latitude);
  let lng = number(row.longitude);
  if (lat === null || lng === null || Math.abs(lat) > 90 || Math.abs(lng) > 180 || (lat === 0 && lng === 0)) {
    lat = null;
    lng = null;
  }
  const conference = Boolean(row.conference_url || row.conference_phone);
  let attendance = ['in_person', 'online', 'hybrid', 'inactive'].includes(row.attendance_option)
    ? row.attendance_option : null;
  if (!attendance) {
    let realAddress;
    if (row.approximate === 'yes') realAddress = false;
    else if (row.approximate === 'no') realAddress = Boolean(address);
    else realAddress = /\d/.test(String(row.formatted_address || row.address || '').split(',')[0]);
    if (conference) attendance = !types.includes('TC') && realAddress ? 'hybrid' : 'online';
    else attendance = types.includes('TC') ? 'inactive' : 'in_person';
  }
  const fellowship = FELLOWSHIPS.has(String(row.fellowship ?? '').toLowerCase())
    ? String(row.fellowship).toLowerCase() : feed.fellowship;
  return {
    id: listingId(feed.source, slug), source: feed.source, slug, name: String(row.name),
    slots: start === null ? [] : days.map((day) => ({ day, start, duration })),
    zone: row.timezone || feed.zone, types, languages, attendance, lat, lng, address,
    city, postal, fellowship, location: row.location || null, notes: row.notes || null,
    conferenceUrl: row.conference_url || null, conferencePhone: row.conference_phone || null, row,
  };
}

// The Meeting Guide feeds run.mjs imports (the BMLT sample is far from every place the tests search).
const FEEDS = [
  { file: 'meeting-feeds/oc.json', source: 'oc', zone: 'America/Los_Angeles', fellowship: 'aa' },
  { file: 'meeting-feeds/aasfmarin.test.json', source: 'aasfmarin', zone: 'America/Los_Angeles', fellowship: 'aa' },
  { file: 'meeting-feeds/nwta.test.json', source: 'nwta', zone: 'America/Chicago', fellowship: 'aa' },
  { file: 'demo/mutual-aid.json', source: 'demo', zone: 'America/New_York', fellowship: '' },
];

let model = null;
// Every listing of the Meeting Guide feeds, by id: a Map.
export function fixtureListings() {
  if (model) return model;
  model = new Map();
  for (const feed of FEEDS) {
    const rows = JSON.parse(fs.readFileSync(path.join(FIXTURES, feed.file), 'utf8'));
    for (const row of rows) {
      const listing = fromMeetingGuide(row, feed);
      if (!model.has(listing.id)) model.set(listing.id, listing);
    }
  }
  return model;
}

// Great-circle distance in miles.
export function miles(lat1, lng1, lat2, lng2) {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return (2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)))) / 1.609344;
}

// The median position of the listings for which `pick` is true (the median, because some feed rows
// carry a longitude of 0 next to a real latitude: nwta's 608 17th Street, Lubbock, for one).
export function centre(pick) {
  const points = [...fixtureListings().values()].filter((l) => l.lat !== null && pick(l));
  assert.ok(points.length > 0, 'no fixture listing to centre on');
  const median = (values) => {
    const sorted = values.sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  return { lat: median(points.map((l) => l.lat)), lng: median(points.map((l) => l.lng)), count: points.length };
}

const WEEKDAYS = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
// {day (0 = Sunday), minute} of `instant` (a Date) in `zone`.
export function localTime(instant, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(instant).map((p) => [p.type, p.value]));
  return { day: WEEKDAYS[parts.weekday], minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

// The instant (a Date) at which the local day `daysAhead` days after that of `at` begins in `zone`:
// 1 is the end of today, 2 the end of tomorrow (calendar days: 23 or 25 hours across a DST change).
export function startOfLocalDay(at, zone, daysAhead) {
  const wall = (instant) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
      second: '2-digit', hourCycle: 'h23',
    }).formatToParts(instant).map((part) => [part.type, Number(part.value)]));
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  };
  const today = new Date(wall(at));
  const target = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + daysAhead);
  // The instant whose wall-clock time is `target`: its offset is the one in force at that instant.
  let instant = target - (wall(new Date(target)) - target);
  instant = target - (wall(new Date(instant)) - instant);
  return new Date(instant);
}

const WEEK = 7 * 1440;
// The slot at `at`: {inProgress, startsIn (minutes to its next start, 0 ≤ m < a week), occurrence (the
// Date of the current occurrence when in progress, else of the next start)}.
function slotState(slot, at, zone) {
  const now = localTime(at, zone);
  const nowMinute = now.day * 1440 + now.minute;
  const startMinute = slot.day * 1440 + slot.start;
  const sinceStart = (((nowMinute - startMinute) % WEEK) + WEEK) % WEEK;
  const inProgress = sinceStart < slot.duration;
  const startsIn = (WEEK - sinceStart) % WEEK;
  const base = at.getTime() - at.getUTCSeconds() * 1000 - at.getUTCMilliseconds();
  const occurrence = new Date(base + (inProgress ? -sinceStart : startsIn) * 60_000);
  return { inProgress, startsIn, occurrence };
}

const WINDOWS = {
  morning: (m) => m >= 300 && m < 720,
  midday: (m) => m >= 720 && m < 1020,
  evening: (m) => m >= 1020 && m < 1260,
  night: (m) => m >= 1260 || m < 300,
};

// What the finder should list for `q` ({lat, lng, miles, day ('any' | 'today' | 0..6), zone (the
// viewer's), at (Date), time, types, language, mode, online, approach}), worked out from the feeds by
// the contract: a slot's day and time window are read from its current or next occurrence in the
// viewer's zone (the tests pin instants far from daylight-saving changes); day 'today' without a time
// is the finder's default list, "today and tomorrow": what is on at `at` or still to start before the
// end of tomorrow in the viewer's zone.
// Returns {ids: Set, near: Set, sequence}:
// `near` are listings within 0.02 miles of the radius, whose side of the line rounding may decide
// (the tests accept them either way); `sequence` is every listing of both, soonest first as the
// finder lists them — [{id, start (Date of the occurrence shown: the current one when in progress,
// else the next start), day (the local day it is listed under, days after that of `at`: an
// occurrence in progress is listed today)}], by start, then id.
export function expectedSearch(q) {
  const ids = new Set();
  const near = new Set();
  const sequence = [];
  const upcoming = q.day === 'today' && !q.time;
  const untilMinutes = upcoming
    ? Math.floor((startOfLocalDay(q.at, q.zone, 2).getTime() - q.at.getTime()) / 60_000) : null;
  for (const l of fixtureListings().values()) {
    if (l.attendance === 'inactive') continue;
    let distance = null;
    if (q.lat !== undefined) {
      if (l.lat === null) continue;
      distance = miles(q.lat, q.lng, l.lat, l.lng);
      if (distance > q.miles + 0.02) continue;
    }
    if (q.online && !['online', 'hybrid'].includes(l.attendance)) continue;
    // As in the directory's search (src/directory/search_index.h): in person and online also match
    // hybrid meetings.
    if (q.mode && l.attendance !== q.mode && l.attendance !== 'hybrid') continue;
    if (q.approach && l.fellowship !== q.approach) continue;
    if (q.language) {
      const langs = l.languages.length ? l.languages : ['en'];
      if (!langs.includes(q.language)) continue;
    }
    if (q.types && !q.types.every((t) => l.types.includes(t))) continue;
    let shown = null;  // the earliest matching occurrence
    const now = localTime(q.at, q.zone);
    const day = q.day === 'today' ? now.day : q.day;
    const matches = (slot, state) => {
      if (upcoming) return state.inProgress || state.startsIn < untilMinutes;
      const local = localTime(state.occurrence, q.zone);
      if (day !== 'any' && local.day !== day) return false;
      if (!q.time) return true;
      if (q.time === 'soon') return state.inProgress || state.startsIn <= 120;
      return WINDOWS[q.time](local.minute);
    };
    for (const slot of l.slots) {
      const state = slotState(slot, q.at, l.zone);
      if (matches(slot, state) && (shown === null || state.occurrence < shown)) shown = state.occurrence;
    }
    if (shown === null && (q.day !== 'any' || q.time)) continue;
    if (distance !== null && Math.abs(distance - q.miles) <= 0.02) near.add(l.id);
    else ids.add(l.id);
    const listedOn = shown === null ? null : new Date(Math.max(shown.getTime(), q.at.getTime()));
    sequence.push({ id: l.id, start: shown,
      day: listedOn === null ? null : localDaysBetween(q.at, listedOn, q.zone) });
  }
  // By start (listings without one last), then id (ids are 16 hex digits: text order is id order).
  sequence.sort((a, b) => ((a.start?.getTime() ?? Infinity) - (b.start?.getTime() ?? Infinity)) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ids, near, sequence };
}

// The number of local days in `zone` from the day of `from` to that of `to` (Dates).
function localDaysBetween(from, to, zone) {
  const date = (instant) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
    }).formatToParts(instant).map((part) => [part.type, Number(part.value)]));
    return Date.UTC(p.year, p.month - 1, p.day);
  };
  return Math.round((date(to) - date(from)) / 86_400_000);
}

// Whether listing `l` is in progress at `at` / the minutes until its next start.
export function listingState(l, at) {
  let inProgress = false;
  let startsIn = Infinity;
  for (const slot of l.slots) {
    const state = slotState(slot, at, l.zone);
    inProgress ||= state.inProgress;
    startsIn = Math.min(startsIn, state.startsIn);
  }
  return { inProgress, startsIn };
}

// ------------------------------------------------------------------------------------ page readers

// The results on the page: [{id, href, name, time, distance (miles or null), attendance, types, status}].
export async function readResults(page) {
  return page.$$eval('#result-list li.result', (items) => items.map((li) => {
    const text = (selector) => li.querySelector(selector)?.textContent.replace(/\s+/g, ' ').trim() ?? null;
    const link = li.querySelector('a.result-name');
    const href = link?.getAttribute('href') ?? null;
    const distance = text('.result-distance');
    return {
      href,
      id: /\/meetings\/([^/?#]+)/.exec(href ?? '')?.[1] ?? null,
      name: link?.textContent.replace(/\s+/g, ' ').trim() ?? null,
      time: text('.result-time'),
      distance: distance === null ? null : Number((/(\d+(?:[.,]\d+)?)/.exec(distance)?.[1] ?? 'NaN').replace(',', '.')),
      distanceText: distance,
      attendance: text('.result-attendance'),
      types: text('.result-types'),
      status: text('.result-status'),
    };
  }));
}

// Loads `start` and follows a[rel=next] to the last page; returns {results, pages, summary, status}.
export async function readAllResults(page, start, maxPages = 60) {
  const response = await page.goto(start);
  const status = response.status();
  const summary = (await page.locator('#summary').count())
    ? (await page.locator('#summary').textContent()).trim() : null;
  const results = [];
  let pages = 0;
  for (;;) {
    pages++;
    results.push(...await readResults(page));
    const next = page.locator('#pages a[rel=next]');
    if (!(await next.count()) || pages >= maxPages) break;
    const href = await next.first().getAttribute('href');
    const nextResponse = await page.goto(new URL(href, page.url()).href);
    assert.equal(nextResponse.status(), 200, `next page ${href}`);
  }
  return { results, pages, summary, status };
}

// Compares the ids shown with the expected ones (ignoring `near`), with a readable message.
export function assertSameListings(shownIds, expected, what) {
  const shown = new Set(shownIds);
  assert.equal(shown.size, shownIds.length, `${what}: a listing is shown twice`);
  const all = fixtureListings();
  const describe = (id) => (all.get(id) ? `${all.get(id).source}/${all.get(id).slug}` : id);
  const missing = [...expected.ids].filter((id) => !shown.has(id)).map(describe);
  const extra = [...shown].filter((id) => !expected.ids.has(id) && !expected.near.has(id)).map(describe);
  assert.ok(missing.length === 0 && extra.length === 0,
    `${what}: ${missing.length} expected listings not shown ${JSON.stringify(missing.slice(0, 10))}, ` +
    `${extra.length} shown but not expected ${JSON.stringify(extra.slice(0, 10))} ` +
    `(shown ${shown.size}, expected ${expected.ids.size})`);
}

// The first integer in the summary, e.g. "41 meetings" → 41 (the last one when there are several:
// "3 meetings in progress · 41 meetings").
export function summaryTotal(summary) {
  const numbers = [...(summary ?? '').matchAll(/\d[\d,.]*/g)].map((m) => Number(m[0].replace(/[,.]/g, '')));
  return numbers.length ? numbers[numbers.length - 1] : null;
}

// ------------------------------------------------------------------------------------ axe-core

const AXE_SOURCE = fs.readFileSync(path.join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Runs axe-core on the page (injected through the DevTools protocol, so the page's CSP does not
// matter) and returns the violations, each {id, impact, help, nodes: [{target, summary}]}.
export async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
  }), AXE_TAGS);
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
}

export function formatViolations(violations) {
  return violations.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n` +
    v.nodes.slice(0, 5).map((n) => `      ${n.target}\n        ${(n.summary ?? '').replace(/\n/g, '\n        ')}`).join('\n'))
    .join('\n');
}

// ------------------------------------------------------------------------------------ misc

// The horizontal overflow of the page: scrollWidth minus the viewport width (≤ 0 = no sideways scroll).
export async function horizontalOverflow(page) {
  return page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
}

export function screenshotPath(name) {
  return path.join(SCREENSHOTS, name);
}

// The tallest screenshot kept (the print page runs to metres).
const MAX_SHOT_HEIGHT = 2000;

// Writes the page, down to at most MAX_SHOT_HEIGHT pixels, to screenshotPath(name) and checks it is
// a PNG.
export async function savePageScreenshot(page, name, viewport) {
  await page.waitForLoadState('networkidle');
  const file = screenshotPath(name);
  const height = Math.min(MAX_SHOT_HEIGHT, await page.evaluate(() => document.documentElement.scrollHeight));
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled',
    clip: { x: 0, y: 0, width: viewport.width, height } });
  const bytes = fs.readFileSync(file);
  assert.ok(bytes.length > 1000 && bytes.subarray(1, 4).toString() === 'PNG', `${file} is a PNG`);
}

// Runs `recoverynet --db DB --log-level warn ARGS...` against the server's database; returns
// {status, stdout, stderr}.
export function cli(...args) {
  assert.ok(DB && BINARY, 'RN_E2E_DB and RN_E2E_BINARY are set by run.mjs');
  const done = spawnSync(BINARY, ['--db', DB, '--log-level', 'warn', ...args],
                         { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...PROCESS_ENV } });
  return { status: done.status, stdout: done.stdout ?? '', stderr: done.stderr ?? '' };
}

// Every correction request in the database (`corrections list --json --status all`).
export function storedCorrections() {
  const { status, stdout, stderr } = cli('corrections', 'list', '--json', '--status', 'all');
  assert.equal(status, 0, `corrections list: ${stderr}`);
  return JSON.parse(stdout);
}
