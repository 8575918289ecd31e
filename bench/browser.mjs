#!/usr/bin/env node
// Time to first visible result of the finder in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core), on loopback and under a phone-on-4G emulation.
//
//   node bench/browser.mjs --url 'http://127.0.0.1:8080/?where=Lubbock&at=…' [--runs 10]
//        [--profiles loopback,phone4g] [--timeout-ms 60000]
//   node bench/browser.mjs --baseline [--runs 10] [--profiles …]
//
// --baseline measures, the same way, a one-paragraph page (<p elementtiming="first-result">) served
// by a Node http server in this process: the floor that Chromium itself sets on this machine.
//
// Each run is a fresh browser context (cold cache, no cookies) with a 360×780 viewport. The time is
// from navigation start (the document's time origin) to the `renderTime` of the PerformanceElementTiming
// entry named "first-result" (the first result's name carries elementtiming="first-result"). Where the
// Element Timing API gives nothing, a MutationObserver notes when that element enters the DOM and the
// time is the start of the next animation frame after it ("mutation+raf"); the output says which.
//
// Profiles:
//   loopback  no throttling;
//   phone4g   Chrome DevTools Protocol Network.emulateNetworkConditions (150 ms latency, 1.6 Mbit/s down,
//             750 kbit/s up) and Emulation.setCPUThrottlingRate 4.
//
// Prints one JSON object: {"url", "browser", "loopback": {"p50_ms", "p90_ms", "runs", "method",
// "samples_ms", "document": {"transfer_bytes", "body_bytes", "decoded_bytes", "content_encoding"},
// "page_transfer_bytes"}, "phone4g": {…}}. transfer_bytes is what came over the wire for the HTML
// document (headers and compressed body, CDP Network.loadingFinished encodedDataLength), body_bytes the
// compressed body alone, decoded_bytes its size once decompressed; page_transfer_bytes counts every
// request of the page (median over the runs). Requests to any host but the URL's are aborted (and
// counted in "blocked_requests"): the benchmark never leaves the machine.
// Exit status 0 on success, 1 when a run fails (no result in time, an HTTP error), 2 on bad usage.

import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(REPO, 'package.json'));
const { chromium } = require('playwright-core');

const PROFILES = {
  loopback: null,
  phone4g: {
    network: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 },
    cpuRate: 4,
  },
};
const VIEWPORT = { width: 360, height: 780 };

function usage(message) {
  if (message) console.error(`browser.mjs: ${message}`);
  console.error('usage: node bench/browser.mjs --url URL | --baseline [--runs N] [--profiles loopback,phone4g] ' +
                '[--timeout-ms MS]');
  process.exit(2);
}

function parseArgs(argv) {
  const options = { runs: 10, profiles: Object.keys(PROFILES), timeoutMs: 60_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--url') options.url = value();
    else if (arg === '--baseline') options.baseline = true;
    else if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--profiles') options.profiles = value().split(',').filter(Boolean);
    else if (arg === '--timeout-ms') options.timeoutMs = Number(value());
    else if (arg === '-h' || arg === '--help') usage();
    else usage(`unknown argument ${arg}`);
  }
  if (!options.url === !options.baseline) usage('give one of --url and --baseline');
  if (!Number.isInteger(options.runs) || options.runs < 1) usage('--runs must be a positive integer');
  for (const name of options.profiles) if (!(name in PROFILES)) usage(`unknown profile ${name}`);
  return options;
}

// Installed before any page script: notes when the first result enters the DOM, then the start of
// the next frame (the fallback when Element Timing reports nothing).
function installFallbackObserver() {
  const selector = '[elementtiming="first-result"]';
  const done = (element) => {
    if (window.__rnFirstResultFallback !== undefined || !element) return;
    window.__rnFirstResultFallback = null;
    requestAnimationFrame((frameStart) => {
      window.__rnFirstResultFallback = frameStart;
    });
  };
  const observer = new MutationObserver(() => {
    const element = document.querySelector(selector);
    if (element) {
      observer.disconnect();
      done(element);
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

// In the page: resolves with {time, method} once the first result is painted, or {time: null}.
function waitForFirstResult(timeoutMs) {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value) => {
      if (!settled) {
        settled = true;
        resolve(value);
      }
    };
    const supported = (PerformanceObserver.supportedEntryTypes ?? []).includes('element');
    if (supported) {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (entry.identifier === 'first-result') {
            const time = entry.renderTime || entry.loadTime;
            if (time > 0) finish({ time, method: 'element-timing' });
          }
        }
      }).observe({ type: 'element', buffered: true });
    }
    const poll = () => {
      if (settled) return;
      const fallback = window.__rnFirstResultFallback;
      // Give Element Timing two frames past the fallback's frame before settling for the fallback.
      if (typeof fallback === 'number' && (!supported || performance.now() - fallback > 250)) {
        finish({ time: fallback, method: 'mutation+raf' });
      } else {
        setTimeout(poll, 50);
      }
    };
    poll();
    setTimeout(() => finish({ time: null, method: null }), timeoutMs);
  });
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

function median(values) {
  return percentile([...values].sort((a, b) => a - b), 50);
}

function round1(value) {
  return value === null || value === undefined ? null : Math.round(value * 10) / 10;
}

async function oneRun(browser, options, profile) {
  const target = new URL(options.url);
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  let blocked = 0;
  await context.route('**/*', (route) => {
    if (new URL(route.request().url()).host === target.host) return route.continue();
    blocked++;
    return route.abort('internetdisconnected');
  });
  await context.addInitScript(installFallbackObserver);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (profile) {
    await cdp.send('Network.emulateNetworkConditions', profile.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuRate });
  }
  const requests = new Map();
  let documentId = null;
  cdp.on('Network.responseReceived', (event) => {
    const entry = requests.get(event.requestId) ?? {};
    entry.headerBytes = event.response.encodedDataLength ?? 0;
    entry.encoding = Object.entries(event.response.headers ?? {})
      .find(([name]) => name.toLowerCase() === 'content-encoding')?.[1] ?? 'identity';
    requests.set(event.requestId, entry);
    if (event.type === 'Document' && documentId === null) documentId = event.requestId;
  });
  cdp.on('Network.dataReceived', (event) => {
    const entry = requests.get(event.requestId) ?? {};
    entry.decoded = (entry.decoded ?? 0) + event.dataLength;
    requests.set(event.requestId, entry);
  });
  cdp.on('Network.loadingFinished', (event) => {
    const entry = requests.get(event.requestId) ?? {};
    entry.total = event.encodedDataLength;
    requests.set(event.requestId, entry);
  });
  try {
    const response = await page.goto(options.url, { waitUntil: 'commit', timeout: options.timeoutMs });
    if (!response || response.status() !== 200) {
      throw new Error(`GET ${options.url}: status ${response ? response.status() : 'none'}`);
    }
    const result = await page.evaluate(waitForFirstResult, options.timeoutMs);
    if (result.time === null) throw new Error(`no first result painted within ${options.timeoutMs} ms`);
    await page.waitForLoadState('load', { timeout: options.timeoutMs });
    // Where the time went: first byte and last byte of the document, first contentful paint.
    const phases = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { response_start: nav?.responseStart ?? null, response_end: nav?.responseEnd ?? null,
               fcp: fcp?.startTime ?? null };
    });
    const doc = requests.get(documentId) ?? {};
    const pageBytes = [...requests.values()].reduce((sum, r) => sum + (r.total ?? 0), 0);
    return {
      time: result.time,
      phases,
      method: result.method,
      blocked,
      document: {
        transfer_bytes: doc.total ?? null,
        body_bytes: doc.total !== undefined ? doc.total - (doc.headerBytes ?? 0) : null,
        decoded_bytes: doc.decoded ?? null,
        content_encoding: doc.encoding ?? null,
      },
      pageBytes,
    };
  } finally {
    await context.close();
  }
}

const BASELINE_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Baseline</title></head>' +
  '<body><p elementtiming="first-result">First result</p></body></html>';

// Serves BASELINE_PAGE on a free loopback port; resolves with {url, close}.
function serveBaseline() {
  return new Promise((resolve, reject) => {
    const server = http.createServer((request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(BASELINE_PAGE);
    });
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}/`,
      close: () => new Promise((done) => server.close(done)),
    }));
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const baseline = options.baseline ? await serveBaseline() : null;
  if (baseline) options.url = baseline.url;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const out = { url: options.url, browser: `chromium ${browser.version()}` };
  try {
    for (const name of options.profiles) {
      const samples = [];
      const methods = new Set();
      const pageBytes = [];
      const phases = { response_start: [], response_end: [], fcp: [] };
      let document = null;
      let blocked = 0;
      // One unmeasured warm-up run per profile (the server's first response, Chromium's first page).
      await oneRun(browser, options, PROFILES[name]);
      for (let run = 0; run < options.runs; run++) {
        const result = await oneRun(browser, options, PROFILES[name]);
        samples.push(Math.round(result.time * 10) / 10);
        methods.add(result.method);
        pageBytes.push(result.pageBytes);
        for (const [key, value] of Object.entries(result.phases)) if (value !== null) phases[key].push(value);
        document = result.document;
        blocked += result.blocked;
      }
      const sorted = [...samples].sort((a, b) => a - b);
      out[name] = {
        p50_ms: percentile(sorted, 50),
        p90_ms: percentile(sorted, 90),
        runs: options.runs,
        method: [...methods].join('+'),
        samples_ms: samples,
        document,
        page_transfer_bytes: median(pageBytes),
        // Medians: the document's first byte and last byte, the first contentful paint.
        ttfb_ms: round1(median(phases.response_start)),
        response_end_ms: round1(median(phases.response_end)),
        fcp_ms: round1(median(phases.fcp)),
        blocked_requests: blocked,
      };
    }
  } finally {
    await browser.close();
    await baseline?.close();
  }
  console.log(JSON.stringify(out));
}

main().catch((error) => {
  console.error(`browser.mjs: ${error.message}`);
  process.exit(1);
});
