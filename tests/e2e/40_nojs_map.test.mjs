// The finder without JavaScript, and the optional map with its tiles unreachable.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertClean, assertSameListings, centre, expectedSearch, launchBrowser, openFilters, openPage, readAllResults,
  readResults, url,
} from './lib.mjs';

const CHICAGO = 'America/Chicago';
const AT = '2026-11-24T19:10:00-06:00';

describe('without JavaScript', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('the search form works and the results render', async () => {
    const { context, guard, page } = await openPage(browser, { javaScriptEnabled: false, timezoneId: CHICAGO });
    await page.goto(url('/', { at: AT }));
    assert.equal(await page.locator('#near-me').count(), 0, 'no Near me button without JavaScript');
    assert.equal(await page.locator('#map-toggle').count(), 0, 'no map button without JavaScript');
    await page.fill('#where', 'Amarillo');
    await openFilters(page);
    await page.selectOption('#day', '3'); // Wednesday
    await page.check('input[name=type][value="C"]');
    await Promise.all([page.waitForURL(/where=Amarillo/), page.click('#search')]);
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('day'), '3');
    assert.deepEqual(params.getAll('type'), ['C']);
    // No tz: the zone of the place searched (Chicago) decides the day.
    const c = centre((l) => l.city === 'Amarillo');
    const expected = expectedSearch({ lat: c.lat, lng: c.lng, miles: 10, day: 3, zone: CHICAGO, at: new Date(AT), types: ['C'] });
    assert.ok(expected.ids.size > 0);
    const { results } = await readAllResults(page, page.url());
    assertSameListings(results.map((r) => r.id), expected, 'no-JS search');
    // A result leads to its meeting page.
    await Promise.all([page.waitForURL(/\/meetings\//), page.click('#result-list a.result-name >> nth=0')]);
    assert.equal((await page.locator('h1').textContent()).trim(), results[0].name);
    assertClean(guard);
    await context.close();
  });
});

describe('map', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('no third-party request until the map is opened; with tiles unreachable the list still works', async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: CHICAGO });
    await page.goto(url('/', { where: 'Amarillo', day: 2, at: AT }));
    await page.waitForLoadState('networkidle');
    assert.deepEqual(guard.external, [], 'nothing leaves the server before the map is opened');
    const toggle = page.locator('#map-toggle');
    assert.ok(await toggle.isVisible(), '#map-toggle with JavaScript');
    guard.allowExternal = true; // tile requests may go out now (the guard still aborts them)
    await toggle.click();
    await page.locator('#map').waitFor({ state: 'visible' });
    const status = page.locator('#map-status');
    await status.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await status.getAttribute('role'), 'status');
    assert.ok((await status.textContent()).trim().length > 0, '#map-status says the tiles cannot load');
    assert.ok(guard.external.length > 0, 'the map asked for tiles');
    assert.ok(guard.external.every((r) => r.allowed), 'and only after it was opened');
    // The list is still there and usable.
    const results = await readResults(page);
    assert.ok(results.length > 0);
    await Promise.all([page.waitForURL(/\/meetings\//), page.click('#result-list a.result-name >> nth=0')]);
    assert.equal((await page.locator('h1').textContent()).trim(), results[0].name);
    assertClean(guard);
    await context.close();
  });
});
