// The print page; accessibility (axe-core, WCAG 2.2 A/AA), keyboard-only use, a 360-pixel viewport;
// the screenshots of docs/screenshots.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  DESKTOP, PHONE, assertClean, axeViolations, centre, expectedSearch, fixtureListings, formatViolations,
  horizontalOverflow, launchBrowser, listingId, openPage, savePageScreenshot, url,
} from './lib.mjs';

const CHICAGO = 'America/Chicago';
const AT = '2026-11-24T19:10:00-06:00';
const SEARCH = { where: 'Amarillo', day: 2, at: AT, tz: CHICAGO };
const MEETING = listingId('nwta', '5072'); // Our Group, Amarillo: in progress at AT
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// The pages every check below visits.
const PAGES = [
  ['finder', url('/', { at: AT })],
  ['results', url('/', SEARCH)],
  ['meeting', url(`/meetings/${MEETING}`, { at: AT, tz: CHICAGO })],
  ['print', url('/print', { where: 'Amarillo', day: 'any', at: AT, tz: CHICAGO })],
];

describe('print page', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('the week, by day and time, with every matching meeting', async () => {
    const { context, guard, page } = await openPage(browser);
    const response = await page.goto(url('/print', { where: 'Amarillo', day: 'any', at: AT, tz: CHICAGO }));
    assert.equal(response.status(), 200);
    const c = centre((l) => l.city === 'Amarillo');
    const expected = expectedSearch({ lat: c.lat, lng: c.lng, miles: 10, day: 'any', zone: CHICAGO, at: new Date(AT) });
    const all = fixtureListings();
    const sections = await page.locator('section.print-day').evaluateAll((nodes) => nodes.map((s) => ({
      heading: s.querySelector('h2')?.textContent.trim() ?? '',
      rows: [...s.querySelectorAll('table tr')].filter((tr) => tr.querySelector('td'))
        .map((tr) => tr.textContent.replace(/\s+/g, ' ').trim()),
      tables: s.querySelectorAll('table').length,
    })));
    const seenDays = [];
    for (const section of sections) {
      const day = DAYS.findIndex((name) => section.heading.includes(name));
      assert.ok(day >= 0, `section heading "${section.heading}" names a day`);
      seenDays.push(day);
      assert.equal(section.tables, 1);
      const want = [...expected.ids].map((id) => all.get(id)).filter((l) => l.slots.some((s) => s.day === day));
      assert.equal(section.rows.length, want.reduce((n, l) => n + l.slots.filter((s) => s.day === day).length, 0),
        `${DAYS[day]}: one row per meeting`);
      for (const l of want) {
        assert.ok(section.rows.some((row) => row.includes(l.name.trim())), `${DAYS[day]} lists ${l.name}`);
      }
      // In time order: the first clock time of each row never goes back.
      const minutes = section.rows.map((row) => {
        const m = /(\d{1,2}):(\d{2})\s*(a\.?m\.?|p\.?m\.?)?/i.exec(row);
        if (!m) return null;
        let h = Number(m[1]) % (m[3] ? 12 : 24);
        if (m[3] && /p/i.test(m[3])) h += 12;
        return h * 60 + Number(m[2]);
      });
      assert.ok(minutes.every((m) => m !== null), `${DAYS[day]}: every row has a time`);
      assert.deepEqual(minutes, [...minutes].sort((a, b) => a - b), `${DAYS[day]}: in time order`);
    }
    const daysWithMeetings = DAYS.map((_, d) => d)
      .filter((d) => [...expected.ids].some((id) => all.get(id).slots.some((s) => s.day === d)));
    assert.deepEqual(seenDays, daysWithMeetings, 'one section per day, Sunday first');
    // One day only with day=2.
    await page.goto(url('/print', SEARCH));
    const headings = await page.locator('section.print-day h2').allTextContents();
    assert.equal(headings.length, 1);
    assert.match(headings[0], /Tuesday/);
    assertClean(guard);
    await context.close();
  });
});

describe('accessibility', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [name, address] of PAGES) {
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      test(`axe-core finds no WCAG 2.2 A/AA violation: ${name}, ${size}`, async () => {
        const { context, guard, page } = await openPage(browser, { viewport, timezoneId: CHICAGO });
        const response = await page.goto(address);
        assert.equal(response.status(), 200);
        const violations = await axeViolations(page);
        assert.ok(violations.length === 0, `${violations.length} violations on ${address}:\n${formatViolations(violations)}`);
        assertClean(guard);
        await context.close();
      });
    }
  }

  for (const [name, address] of PAGES) {
    test(`no sideways scrolling at 360 pixels: ${name}`, async () => {
      const { context, guard, page } = await openPage(browser, { viewport: PHONE, timezoneId: CHICAGO });
      await page.goto(address);
      const overflow = await horizontalOverflow(page);
      const wide = overflow > 0 ? await page.evaluate(() => [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')}`)) : [];
      assert.ok(overflow <= 0, `scrollWidth exceeds 360 by ${overflow} px; too wide: ${wide.join(', ')}`);
      assertClean(guard);
      await context.close();
    });
  }

  test('keyboard only: Tab reaches the where box, the filters and Search; Enter searches', async () => {
    const { context, guard, page } = await openPage(browser, { viewport: PHONE, timezoneId: CHICAGO });
    await page.goto(url('/', { at: AT }));
    const order = [];
    const unseen = new Set(['where', 'day', 'time', 'approach', 'language', 'mode', 'distance', 'online', 'type', 'search']);
    for (let i = 0; i < 250 && unseen.size; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const style = getComputedStyle(e);
        const visible = e.matches(':focus-visible') &&
          ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none');
        const details = e.tagName === 'SUMMARY' ? e.parentElement : null;
        return { id: e.id, name: e.getAttribute('name'), tag: e.tagName.toLowerCase(), visible,
          closedFilters: Boolean(details && details.closest('#finder') && !details.open) };
      });
      if (!focus) continue;
      const key = focus.name === 'type' ? 'type' : focus.id || focus.tag;
      order.push(key);
      assert.ok(focus.visible, `the focus on ${key} is visible (outline or box-shadow)`);
      unseen.delete(key);
      if (key === 'where') await page.keyboard.type('Amarillo');
      if (focus.closedFilters) await page.keyboard.press('Enter'); // open the filters
      if (key === 'day') await page.keyboard.press('ArrowDown'); // a closed select changes with arrows
    }
    assert.deepEqual([...unseen], [], `Tab reached every control (order: ${order.join(' ')})`);
    assert.ok(order.indexOf('where') < order.indexOf('search'), 'the where box comes before Search');
    await page.focus('#where');
    await Promise.all([page.waitForURL(/where=Amarillo/), page.keyboard.press('Enter')]);
    assert.ok(await page.locator('#result-list li.result').count() > 0, 'Enter searched');
    // Tab on to the first result and open it with Enter.
    const first = await page.locator('#result-list a.result-name').first().getAttribute('href');
    let reached = false;
    for (let i = 0; i < 250 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate(() => document.activeElement?.getAttribute('href'))) === first;
    }
    assert.ok(reached, 'Tab reaches the first result');
    await Promise.all([page.waitForURL(/\/meetings\//), page.keyboard.press('Enter')]);
    assertClean(guard);
    await context.close();
  });
});

describe('screenshots', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [name, address] of [
    ['finder', url('/', SEARCH)],
    ['meeting', url(`/meetings/${MEETING}`, { at: AT, tz: CHICAGO })],
    ['print', url('/print', { where: 'Amarillo', day: 'any', at: AT, tz: CHICAGO })],
  ]) {
    for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      test(`${name}-${size}.png`, async () => {
        const { context, guard, page } = await openPage(browser, { viewport, timezoneId: CHICAGO });
        await page.goto(address);
        await savePageScreenshot(page, `${name}-${size}.png`, viewport);
        assertClean(guard);
        await context.close();
      });
    }
  }
});
