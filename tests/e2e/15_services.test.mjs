// The finder's "Services" (issue 14): search by place and category, open now at a pinned instant,
// a service's page (hours today first, tap-to-call, directions, last verified), Spanish, without
// JavaScript, axe-core, the page budget; the screenshots of docs/screenshots.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import {
  BASE, DESKTOP, PHONE, assertClean, axeViolations, formatViolations, launchBrowser, openPage,
  savePageScreenshot, staffSignIn, submitForm, url,
} from './lib.mjs';

const NEW_YORK = 'America/New_York';
// The seed's drop-in centre (testdata/demo/resources.json): "open Thursday and Friday from 5:00 pm
// until 11:00 pm, Saturday and Sunday from 10:00 am to 10:00 pm, and on holidays between the hours
// of 10:00 am and 1:00 pm".
const DROP_IN = 'demo-service-dropin-at-location';
const DROP_IN_NAME = 'Peer Recovery Drop-in Center (Demo)';
const THURSDAY_EVENING = '2026-12-03T19:00:00-05:00';
const MONDAY_EVENING = '2026-12-07T19:00:00-05:00';
const THANKSGIVING_NOON = '2026-11-26T12:00:00-05:00';
const PAGE_BUDGET = 60 * 1024;  // bytes, compressed

async function readServices(page) {
  return page.$$eval('#result-list li.service-result', (items) => items.map((li) => {
    const text = (selector) => li.querySelector(selector)?.textContent.replace(/\s+/g, ' ').trim() ?? null;
    const link = li.querySelector('a.result-name');
    const distance = text('.result-distance');
    return {
      id: /\/services\/([^/?#]+)/.exec(link?.getAttribute('href') ?? '')?.[1] ?? null,
      name: link?.textContent.trim() ?? null,
      status: text('.result-status'),
      distance: distance === null ? null : Number(/(\d+(?:[.,]\d+)?)/.exec(distance)?.[1].replace(',', '.')),
      call: li.querySelector('a.result-call')?.getAttribute('href') ?? null,
    };
  }));
}

// The bytes of `path` as the server sends them to a browser that accepts gzip and brotli.
function compressedSize(path) {
  return new Promise((resolve, reject) => {
    http.get(new URL(path, BASE), { headers: { 'accept-encoding': 'br, gzip' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => { bytes += chunk.length; });
      response.on('end', () => resolve({ bytes, encoding: response.headers['content-encoding'] }));
    }).on('error', reject);
  });
}

describe('services', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('search by place and category from the services page', async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: NEW_YORK });
    await page.goto(url('/services', { lang: 'en', at: THURSDAY_EVENING }));
    assert.equal(await page.locator('#services-link').getAttribute('aria-current'), 'page');
    const tiles = await page.locator('#categories a').count();
    assert.equal(tiles, 13, 'every category is offered');
    await page.fill('#where', 'Philadelphia');
    await page.selectOption('#category', 'peer_support');
    await submitForm(page, page.locator('#search'));
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('category'), 'peer_support');
    assert.match(await page.locator('#results-heading').textContent(), /Peer support and drop-in near Philadelphia/);
    const results = await readServices(page);
    const ours = results.find((r) => r.id === DROP_IN);
    assert.ok(ours, `the drop-in centre is found: ${JSON.stringify(results)}`);
    assert.equal(ours.status, 'Open until 11:00 PM');
    assert.match(ours.call ?? '', /^tel:\d+$/);
    assert.ok(results.every((r) => r.distance !== null && r.distance <= 10), 'within 10 mi');

    // A category tile, then a place: Link-SF's food services in San Francisco.
    await page.goto(url('/services', { lang: 'en', at: THURSDAY_EVENING }));
    await Promise.all([page.waitForURL(/category=food/), page.click('#categories a[data-category=food]')]);
    assert.equal(await page.locator('#category').inputValue(), 'food');
    await page.fill('#where', 'San Francisco');
    await submitForm(page, page.locator('#search'));
    const food = await readServices(page);
    assert.ok(food.length > 0, 'food services in San Francisco');
    assert.ok(food.every((r) => r.distance !== null && r.distance <= 10), 'within 10 mi of San Francisco');
    const summary = await page.locator('#summary').textContent();
    assert.match(summary, /^\d+ services?/);
    assertClean(guard);
    await context.close();
  });

  test('open now at a pinned instant: Thursday evening, Monday evening, Thanksgiving', async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: NEW_YORK });
    const search = { lang: 'en', where: 'Philadelphia', open_now: 1 };
    await page.goto(url('/services', { ...search, at: THURSDAY_EVENING }));
    assert.ok((await readServices(page)).some((r) => r.id === DROP_IN), 'open on a Thursday evening');
    assert.ok(await page.locator('#open-now').isChecked());
    await page.goto(url('/services', { ...search, at: MONDAY_EVENING }));
    assert.ok(!(await readServices(page)).some((r) => r.id === DROP_IN), 'closed on a Monday evening');
    await page.goto(url('/services', { ...search, at: THANKSGIVING_NOON }));
    const holiday = (await readServices(page)).find((r) => r.id === DROP_IN);
    assert.equal(holiday?.status, 'Open · closes in 60 min', 'holiday hours, 10 am to 1 pm');
    assertClean(guard);
    await context.close();
  });

  test("a service's page: hours today first, call, directions, last verified", async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: NEW_YORK });
    await page.goto(url(`/services/${DROP_IN}`, { lang: 'en', at: THANKSGIVING_NOON }));
    assert.equal((await page.locator('h1').textContent()).trim(), DROP_IN_NAME);
    assert.equal((await page.locator('#open-state').textContent()).trim(), 'Open · closes in 60 min');
    const days = await page.locator('#hours li').allTextContents();
    assert.equal(days.length, 7);
    assert.match(days[0].replace(/\s+/g, ' '), /^Today, Thursday \(Thanksgiving Day\): 10:00 AM – 1:00 PM/);
    assert.match(days[1].replace(/\s+/g, ' '), /^Tomorrow, Friday: 5:00 – 11:00 PM/);
    assert.match(days[4].replace(/\s+/g, ' '), /Monday, November 30: Closed/);
    assert.equal(await page.locator('#hours li').first().getAttribute('aria-current'), 'date');
    assert.match(await page.locator('#call a').first().getAttribute('href'), /^tel:\d{10}$/);
    assert.match(await page.locator('#directions').getAttribute('href'),
      /^https:\/\/www\.google\.com\/maps\/dir\/\?api=1&destination=-?\d+\.\d+%2C-?\d+\.\d+$/);
    assert.match(await page.locator('#verified').textContent(), /^Last verified [A-Z][a-z]+ \d+, \d{4}$/);
    // A service unknown is a 404 page.
    const missing = await page.goto(url('/services/no-such-service', { lang: 'en' }));
    assert.equal(missing.status(), 404);
    assertClean(guard);
    await context.close();
  });

  test('Spanish', async () => {
    const { context, guard, page } = await openPage(browser, { locale: 'es-MX', timezoneId: NEW_YORK });
    await page.goto(url('/services', { where: 'Philadelphia', category: 'peer_support', at: THURSDAY_EVENING }));
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    const ours = (await readServices(page)).find((r) => r.id === DROP_IN);
    assert.equal(ours?.status, 'Abierto hasta las 23:00');
    assert.match(await page.locator('#results-heading').textContent(), /cerca de Philadelphia/);
    await page.goto(url(`/services/${DROP_IN}`, { at: MONDAY_EVENING }));
    assert.equal((await page.locator('#open-state').textContent()).trim(), 'Cerrado · abre el jueves a las 17:00');
    assert.match((await page.locator('#hours li').first().textContent()).replace(/\s+/g, ' '), /^Hoy, lunes: Cerrado/);
    await Promise.all([page.waitForURL(/lang=en/), page.click('#lang-switch')]);
    assert.equal((await page.locator('#open-state').textContent()).trim(), 'Closed · opens Thursday at 5:00 PM');
    // The holiday by its Spanish name.
    await page.goto(url(`/services/${DROP_IN}`, { lang: 'es', at: THANKSGIVING_NOON }));
    assert.match((await page.locator('#hours li').first().textContent()).replace(/\s+/g, ' '),
      /^Hoy, jueves \(Día de Acción de Gracias\): 10:00–13:00/);
    assertClean(guard);
    await context.close();
  });

  test('works without JavaScript', async () => {
    const { context, guard, page } = await openPage(browser, { javaScriptEnabled: false, timezoneId: NEW_YORK });
    await page.goto(url('/services', { lang: 'en', at: THURSDAY_EVENING }));
    await page.fill('#where', 'Philadelphia');
    await page.check('#open-now');
    await submitForm(page, page.locator('#search'));
    assert.equal(new URL(page.url()).searchParams.get('open_now'), '1');
    const results = await readServices(page);
    assert.ok(results.some((r) => r.id === DROP_IN));
    await Promise.all([page.waitForURL(/\/services\//), page.click(`a.result-name[href^="/services/${DROP_IN}"]`)]);
    assert.equal((await page.locator('h1').textContent()).trim(), DROP_IN_NAME);
    assertClean(guard);
    await context.close();
  });

  test('a partner updates the beds available from a phone in one step; the finder shows it', async () => {
    const HOUSE = 'demo-service-house-at-location';
    const { context, guard, page } = await openPage(browser, { viewport: PHONE, timezoneId: NEW_YORK });
    // The imported figure is from March 2026: too old to show on 3 December.
    await page.goto(url(`/services/${HOUSE}`, { lang: 'en', at: THURSDAY_EVENING }));
    assert.ok(await page.locator('#capacity-stale').isVisible(), 'a stale figure is not shown');
    assert.doesNotMatch(await page.locator('#capacity').textContent(), /\d+ beds/);

    await staffSignIn(page, 'test.partner', undefined, `${BASE}/staff/login?next=/staff/sites/north/capacity`);
    assert.match(new URL(page.url()).pathname, /\/staff\/sites\/north\/capacity$/);
    const figures = page.locator('#figures li');
    assert.equal(await figures.count(), 1, 'only the organization it keeps');
    assert.match(await figures.first().textContent(), /Family Recovery House \(Demo\)/);
    await figures.first().locator('input[name=available]').fill('5');
    const { status } = await submitForm(page, figures.first().getByRole('button', { name: 'Save' }));
    assert.equal(status, 303);
    assert.match(await page.locator('#figures li').first().textContent(), /Saved\./);
    assert.equal(await page.locator('#figures input[name=available]').inputValue(), '5');
    // More than the house has: refused on its form, nothing saved.
    await page.locator('#figures input[name=available]').fill('40');
    await page.locator('#figures input[name=available]').evaluate((input) => input.removeAttribute('max'));
    const refused = await submitForm(page, page.locator('#figures').getByRole('button', { name: 'Save' }));
    assert.equal(refused.status, 422);
    assert.match(await page.locator('#figures .error').textContent(), /more than the 12/);

    // The finder, at the server's own now: the fresh figure with its age (the snapshot follows
    // the write within a few seconds).
    let text = '';
    for (let attempt = 0; attempt < 40 && !/5 beds available/.test(text); ++attempt) {
      await page.goto(url(`/services/${HOUSE}`, { lang: 'en' }));
      text = (await page.locator('#capacity').textContent()).replace(/\s+/g, ' ');
      if (!/5 beds available/.test(text)) await page.waitForTimeout(250);
    }
    assert.match(text, /5 beds available of 12 updated (just now|1 minute ago)/);
    assertClean(guard);
    await context.close();
  });

  for (const [name, address] of [
    ['categories', url('/services', { lang: 'en', at: THURSDAY_EVENING })],
    ['results', url('/services', { lang: 'en', where: 'San Francisco', at: THURSDAY_EVENING })],
    ['service', url(`/services/${DROP_IN}`, { lang: 'es', at: THANKSGIVING_NOON })],
  ]) {
    for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      test(`axe-core finds no WCAG 2.2 A/AA violation: services ${name}, ${size}`, async () => {
        const { context, guard, page } = await openPage(browser, { viewport, timezoneId: NEW_YORK });
        await page.goto(address);
        const violations = await axeViolations(page);
        assert.equal(violations.length, 0, formatViolations(violations));
        assertClean(guard);
        await context.close();
      });
    }
    test(`services ${name} is within the page budget, compressed`, async () => {
      const { bytes, encoding } = await compressedSize(address);
      assert.ok(encoding, 'the page is compressed');
      assert.ok(bytes <= PAGE_BUDGET, `${bytes} bytes`);
    });
  }
});

describe('services screenshots', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [name, address] of [
    ['services', url('/services', { lang: 'en', where: 'Philadelphia', at: THURSDAY_EVENING })],
    ['service', url(`/services/${DROP_IN}`, { lang: 'en', at: THANKSGIVING_NOON })],
  ]) {
    for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      test(`${name}-${size}.png`, async () => {
        const { context, guard, page } = await openPage(browser, { viewport, timezoneId: NEW_YORK });
        await page.goto(address);
        await savePageScreenshot(page, `${name}-${size}.png`, viewport);
        assertClean(guard);
        await context.close();
      });
    }
  }
});
