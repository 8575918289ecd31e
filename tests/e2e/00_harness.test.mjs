// The harness itself: the server answers, Chromium runs, and the third-party request guard works.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BASE, REFERENCE_AT, fixtureListings, launchBrowser, listingId, openPage, url } from './lib.mjs';

describe('harness', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('the server has the imported feeds and Chromium reads its API', async () => {
    const { context, guard, page } = await openPage(browser);
    const response = await page.goto(url('/api/v1/types', { lang: 'es' }));
    assert.equal(response.status(), 200);
    const doc = JSON.parse(await page.locator('body').textContent());
    assert.ok(doc.types.some((t) => t.code === 'O' && t.name === 'Abierta'), 'O is "Abierta" in Spanish');
    assert.deepEqual(guard.external, []);
    await context.close();
  });

  test('the fixture model agrees with the stored listings', async () => {
    // One known row of each real feed, by its documented id.
    const listings = fixtureListings();
    for (const [source, slug] of [['oc', '40-minutes-to-freedom'], ['nwta', '5207'], ['aasfmarin', 'rule-62-738']]) {
      const id = listingId(source, slug);
      assert.ok(listings.has(id), `model has ${source}/${slug}`);
      const response = await fetch(`${BASE}/api/v1/meetings/${id}?at=${encodeURIComponent(REFERENCE_AT)}`);
      assert.equal(response.status, 200, `GET /api/v1/meetings/${id} (${source}/${slug})`);
      const item = await response.json();
      assert.equal(item.name, listings.get(id).name);
    }
    assert.equal(listings.get(listingId('oc', '40-minutes-to-freedom')).attendance, 'in_person');
    assert.equal(listings.get(listingId('aasfmarin', 'rule-62-738')).attendance, 'online');
  });

  test('requests to other hosts are aborted and recorded', async () => {
    const { context, guard, page } = await openPage(browser);
    await assert.rejects(page.goto('https://tile.openstreetmap.org/0/0/0.png'), /ERR_INTERNET_DISCONNECTED/);
    assert.deepEqual(guard.external, [{ url: 'https://tile.openstreetmap.org/0/0/0.png', allowed: false }]);
    await context.close();
  });
});
