// Spanish: chosen by Accept-Language and by the language switch; type names from the vocabulary.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertClean, fixtureListings, launchBrowser, listingId, openPage, readResults, typeName, url } from './lib.mjs';

const CHICAGO = 'America/Chicago';
const AT = '2026-11-24T19:10:00-06:00';
const SEARCH = { where: 'Amarillo', day: 2, at: AT, tz: CHICAGO };

describe('Spanish', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  // Every result's types are shown by their names in `lang`.
  function checkTypeNames(results, lang) {
    const all = fixtureListings();
    assert.ok(results.length > 0);
    for (const r of results) {
      const listing = all.get(r.id);
      for (const code of listing.types.filter((t) => ['O', 'C'].includes(t))) {
        assert.ok((r.types ?? '').includes(typeName(code, lang)),
          `${listing.name}: .result-types "${r.types}" has "${typeName(code, lang)}"`);
      }
    }
  }

  test('Accept-Language: es picks Spanish', async () => {
    const { context, guard, page } = await openPage(browser, { locale: 'es-ES', timezoneId: CHICAGO });
    await page.goto(url('/', SEARCH));
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    const results = await readResults(page);
    checkTypeNames(results, 'es');
    assert.ok(!results.some((r) => /\bOpen\b|\bClosed\b/.test(r.types ?? '')), 'no English type names');
    const ours = results.find((r) => r.id === listingId('nwta', '5072')); // in progress at AT
    assert.ok(ours && ours.status && !/In progress/.test(ours.status), `the status is in Spanish: "${ours?.status}"`);
    assert.doesNotMatch(await page.locator('#summary').textContent(), /meetings/);
    assert.doesNotMatch(await page.locator('#search').textContent(), /^\s*Search\s*$/);
    // The meeting page follows.
    await page.goto(url(`/meetings/${listingId('oc', '40-minutes-to-freedom')}`, { at: AT }));
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    const terms = await page.locator('#types dt').allTextContents();
    for (const code of ['C', 'D', 'M']) {
      assert.ok(terms.some((t) => t.includes(typeName(code, 'es'))), `#types has ${typeName(code, 'es')}: ${terms}`);
    }
    assertClean(guard);
    await context.close();
  });

  test('the language switch goes to the same search in the other language and back', async () => {
    const { context, guard, page } = await openPage(browser, { locale: 'en-US', timezoneId: CHICAGO });
    await page.goto(url('/', SEARCH));
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    const english = await readResults(page);
    checkTypeNames(english, 'en');
    await Promise.all([page.waitForURL(/lang=es/), page.click('#lang-switch')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    const spanish = await readResults(page);
    assert.deepEqual(spanish.map((r) => r.id), english.map((r) => r.id), 'the same results');
    checkTypeNames(spanish, 'es');
    for (const [key, value] of Object.entries(SEARCH)) {
      assert.equal(new URL(page.url()).searchParams.get(key), String(value), `the switch keeps ${key}`);
    }
    await Promise.all([page.waitForURL(/lang=en/), page.click('#lang-switch')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assertClean(guard);
    await context.close();
  });
});
