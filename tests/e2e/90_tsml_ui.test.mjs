// TSML UI, the meeting finder AA intergroups embed, on each real fixture feed and on our export of
// it: the same counts in its Region, Day, Time and Type filters (the Type filter holds the
// attendance entries: Active/Inactive, In-person, Online).
//
// As intergroups deploy it: the embedding page and app.js (testdata/clients/tsml-ui/) come from a
// second origin, a node:http server on another loopback port, and `data-src` points cross-origin
// at the recoverynet server's per-source feed (/feeds/meeting-guide.json?source=…), which must
// allow that (Access-Control-Allow-Origin). The original file is served by the second origin
// itself. TSML UI reads the browser's clock: every context's Date is fixed (lib.mjs newContext).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { BASE, FIXTURES, assertClean, launchBrowser, normalizeTypes, openPage } from './lib.mjs';

const FEEDS = [
  { source: 'oc', file: 'meeting-feeds/oc.json', zone: 'America/Los_Angeles' },
  { source: 'aasfmarin', file: 'meeting-feeds/aasfmarin.test.json', zone: 'America/Los_Angeles' },
  { source: 'nwta', file: 'meeting-feeds/nwta.test.json', zone: 'America/Chicago' },
];
const CLIENT_DIR = path.join(FIXTURES, 'clients', 'tsml-ui');

// TSML UI reads `types` only as an array: on a feed that gives them as one string ("[open]"), its
// Type filter shows no type at all, while our import reads them by the contract's rule and the
// export writes arrays of codes. So the Type filter of the export is compared with TSML UI on a
// copy of the original with just that normalisation applied (lib.mjs normalizeTypes;
// docs/contracts/directory.md "Export (Meeting Guide)"); every other filter with the original.
function typesNeedNormalising(rows) {
  return rows.some((row) => typeof row.types === 'string');
}
function withNormalisedTypes(rows) {
  return rows.map((row) => (typeof row.types === 'string' ? { ...row, types: normalizeTypes(row.types) } : row));
}

function page(feedUrl, zone, basePath) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TSML UI embed</title></head>
<body>
<div id="tsml-ui" data-src="${feedUrl}" data-timezone="${zone}" data-path="${basePath}"></div>
<script src="/tsml-ui/app.js" async></script>
</body></html>`;
}

// The second origin: the client, one embedding page per feed and variant, the original files.
function startEmbedServer() {
  const files = new Map();
  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url, 'http://embed');
    if (pathname === '/tsml-ui/app.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      return response.end(fs.readFileSync(path.join(CLIENT_DIR, 'app.js')));
    }
    const body = files.get(pathname) ?? files.get(pathname.replace(/[^/]*$/, ''));
    if (body === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      return response.end('not found');
    }
    const type = pathname.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8';
    response.writeHead(200, { 'Content-Type': type });
    return response.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, files, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

// Every entry of each filter dropdown as TSML UI rendered it: "name: count", children indented
// under their parent (regions), in the order shown.
async function readFilters(browserPage) {
  await browserPage.waitForSelector('#tsml-ui .tsml-dropdown', { state: 'attached', timeout: 30_000 });
  return browserPage.evaluate(() => {
    const filters = {};
    for (const dropdown of document.querySelectorAll('#tsml-ui .tsml-dropdown[aria-labelledby]')) {
      const entries = [];
      const walk = (container, depth) => {
        for (const child of container.children) {
          if (child.classList.contains('tsml-dropdown__item')) {
            const spans = child.querySelectorAll(':scope > .tsml-dropdown__button > span');
            if (spans.length === 2) entries.push(`${'  '.repeat(depth)}${spans[0].textContent}: ${spans[1].textContent}`);
          } else if (child.classList.contains('tsml-dropdown__children')) {
            walk(child, depth + 1);
          }
        }
      };
      walk(dropdown, 0);
      filters[dropdown.getAttribute('aria-labelledby')] = entries;
    }
    return filters;
  });
}

const ATTENDANCE = /^(Active|Inactive|In-person|Online): /;

async function filtersOf(browser, embedUrl, feedUrl) {
  const { context, guard, page: browserPage } = await openPage(browser);
  // What the browser said when the feed could not be read (a CORS refusal shows only here).
  const consoleErrors = [];
  browserPage.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text().slice(0, 300)));
  const feedResponse = browserPage.waitForResponse((r) => r.url().startsWith(feedUrl), { timeout: 30_000 });
  await browserPage.goto(embedUrl);
  const response = await feedResponse.catch((error) => {
    throw new Error(`${feedUrl} was not read: ${error.message}; console: ${consoleErrors.join(' | ')}`);
  });
  assert.equal(response.status(), 200, `${feedUrl}: status`);
  const filters = await readFilters(browserPage);
  assertClean(guard);
  await context.close();
  return { filters, headers: response.headers() };
}

describe('TSML UI (cross-origin) shows the same filters on each fixture feed and on our export', () => {
  let browser;
  let embed;
  before(async () => {
    browser = await launchBrowser();
    embed = await startEmbedServer();
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (embed ? embed.server.close(resolve) : resolve()));
  });

  for (const feed of FEEDS) {
    test(`${feed.source}: region, day, time, type and attendance counts agree`, async () => {
      const rows = JSON.parse(fs.readFileSync(path.join(FIXTURES, feed.file), 'utf8'));
      const originalPath = `/original/${feed.source}.json`;
      embed.files.set(originalPath, JSON.stringify(rows));
      embed.files.set(`/embed/${feed.source}/original/`, page(`${embed.origin}${originalPath}`, feed.zone,
        `/embed/${feed.source}/original/`));
      const exportUrl = `${BASE}/feeds/meeting-guide.json?source=${feed.source}`;
      embed.files.set(`/embed/${feed.source}/export/`, page(exportUrl, feed.zone, `/embed/${feed.source}/export/`));

      const original = await filtersOf(browser, `${embed.origin}/embed/${feed.source}/original/`,
        `${embed.origin}${originalPath}`);
      const exported = await filtersOf(browser, `${embed.origin}/embed/${feed.source}/export/`, exportUrl);
      console.log(`# ${feed.source}: ${JSON.stringify(summary(original.filters))} original; ` +
        `${JSON.stringify(summary(exported.filters))} export`);
      assert.equal(exported.headers['access-control-allow-origin'], '*', 'the feed allows cross-origin reads');

      for (const filter of ['region', 'weekday', 'time']) {
        assert.deepEqual(exported.filters[filter] ?? [], original.filters[filter] ?? [], `${feed.source}: ${filter} filter`);
      }
      const attendance = (filters) => (filters.type ?? []).filter((entry) => ATTENDANCE.test(entry));
      assert.deepEqual(attendance(exported.filters), attendance(original.filters), `${feed.source}: attendance entries`);
      assert.ok(attendance(original.filters).length >= 2, 'the original shows attendance entries');

      let typesReference = original.filters;
      if (typesNeedNormalising(rows)) {
        // TSML UI cannot read a string of types: the original's Type filter has attendance only.
        assert.deepEqual(original.filters.type, attendance(original.filters), 'string types are unread');
        const normalisedPath = `/original/${feed.source}-type-arrays.json`;
        embed.files.set(normalisedPath, JSON.stringify(withNormalisedTypes(rows)));
        embed.files.set(`/embed/${feed.source}/type-arrays/`, page(`${embed.origin}${normalisedPath}`, feed.zone,
          `/embed/${feed.source}/type-arrays/`));
        typesReference = (await filtersOf(browser, `${embed.origin}/embed/${feed.source}/type-arrays/`,
          `${embed.origin}${normalisedPath}`)).filters;
      }
      assert.deepEqual(exported.filters.type ?? [], typesReference.type ?? [], `${feed.source}: type filter`);
    });
  }
});

// "region 63, weekday 7, …" and the attendance entries, for the log.
function summary(filters) {
  const out = {};
  for (const [name, entries] of Object.entries(filters)) out[name] = entries.length;
  out.attendance = (filters.type ?? []).filter((entry) => ATTENDANCE.test(entry)).join(', ');
  return out;
}
