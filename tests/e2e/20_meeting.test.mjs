// The meeting page: when, where, directions, online links, types, the calendar file, the 404 page,
// and the correction form with its rate limit (5 an hour from one address). This file is the only
// one that submits corrections: the limit counts every submission the server has seen from 127.0.0.1.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { assertClean, fixtureListings, launchBrowser, listingId, openPage, typeName, url } from './lib.mjs';

const LA = 'America/Los_Angeles';
// Tuesday 24 November 2026, noon in Orange County.
const AT = '2026-11-24T12:00:00-08:00';
// oc/40-minutes-to-freedom: in person, Mondays 19:30–20:15, Watermark OC Church, 3186 Pullman St,
// Costa Mesa; types C DR D EN M. Next occurrence after AT: Monday 30 November 2026, 19:30.
const IN_PERSON = listingId('oc', '40-minutes-to-freedom');
// oc/t-n-t-group: hybrid, Saturdays 08:00–09:30, 6725 Friends Ave, Whittier; Zoom and a phone number.
const HYBRID = listingId('oc', 't-n-t-group');

describe('meeting page', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('the Seventh Tradition links, the source\'s page and its feedback link', async () => {
    // aasfmarin/off-the-wall-1001: venmo "@SFGratitudeCenter", square "$gratitudecenter", no
    // paypal; its url and a feedback_url (a form at typeform.com) as the feed gives them.
    const rows = JSON.parse(fs.readFileSync(`${process.env.RN_E2E_FIXTURES}/meeting-feeds/aasfmarin.test.json`, 'utf8'));
    const row = rows.find((r) => r.slug === 'off-the-wall-1001');
    const id = listingId('aasfmarin', row.slug);
    const { context, guard, page } = await openPage(browser, { timezoneId: LA });
    assert.equal((await page.goto(url(`/meetings/${id}`, { at: AT, tz: LA }))).status(), 200);
    const links = await page.locator('#seventh-tradition a').evaluateAll((as) => as.map((a) => [a.textContent, a.href]));
    assert.deepEqual(links, [['Venmo', 'https://venmo.com/SFGratitudeCenter'], ['Cash App', 'https://cash.app/$gratitudecenter']]);
    assert.equal(await page.locator('#source-url').getAttribute('href'), row.url);
    assert.equal(await page.locator('#feedback-url').getAttribute('href'), row.feedback_url);
    assertClean(guard);
    await context.close();
  });

  test('in person: when, where, directions, types, notes', async () => {
    const listing = fixtureListings().get(IN_PERSON);
    const { context, guard, page } = await openPage(browser, { timezoneId: LA });
    const response = await page.goto(url(`/meetings/${IN_PERSON}`, { at: AT, tz: LA }));
    assert.equal(response.status(), 200);
    assert.equal((await page.locator('h1').textContent()).trim(), listing.name);
    const when = (await page.locator('#when').textContent()).replace(/\s+/g, ' ');
    assert.match(when, /Mon/, `#when "${when}" names the day`);
    assert.match(when, /7:30|19:30/, `#when "${when}" gives the start`);
    const times = page.locator('#when time[datetime]');
    const datetime = (await times.count()) ? await times.first().getAttribute('datetime') : null;
    if (datetime) assert.match(datetime, /^2026-11-30T19:30/, 'the next occurrence after the pinned instant');
    const where = (await page.locator('#where').textContent()).replace(/\s+/g, ' ');
    assert.match(where, /Watermark OC Church/);
    assert.match(where, /3186 Pullman St/);
    const directions = await page.locator('#where a#directions').getAttribute('href');
    assert.match(directions, /^https:\/\//, 'directions open a map service');
    assert.ok(directions.includes('3186') || directions.includes('33.68'), `directions ${directions} name the place`);
    // Types: each code's English name, with what it means.
    const terms = await page.locator('#types dt').allTextContents();
    const definitions = await page.locator('#types dd').allTextContents();
    for (const code of ['C', 'D', 'M']) {
      assert.ok(terms.some((t) => t.includes(typeName(code, 'en'))), `#types lists ${typeName(code, 'en')}: ${terms}`);
    }
    assert.ok(definitions.length >= 3 && definitions.every((d) => d.trim().length > 0), 'every type is explained');
    assert.equal(await page.locator('#online a#join').count(), 0, 'no join link for an in-person meeting');
    assert.match(await page.locator('#updated').textContent(), /20\d\d/);
    assert.ok(await page.locator('#share').count(), '#share');
    assertClean(guard);
    await context.close();
  });

  test('hybrid: join and one-tap dial links', async () => {
    const listing = fixtureListings().get(HYBRID);
    const { context, guard, page } = await openPage(browser, { timezoneId: LA });
    await page.goto(url(`/meetings/${HYBRID}`, { at: AT, tz: LA }));
    assert.equal((await page.locator('h1').textContent()).trim(), listing.name);
    assert.match(await page.locator('#where').textContent(), /6725 Friends Ave/);
    assert.equal(await page.locator('#online a#join').getAttribute('href'), listing.conferenceUrl);
    const dial = await page.locator('#online a#dial').getAttribute('href');
    assert.match(dial, /^tel:\+?1?6699006833/, `dial ${dial}`);
    assert.match(await page.locator('#when').textContent(), /Sat/);
    assertClean(guard);
    await context.close();
  });

  test('notes, and the viewer\'s zone and language from the URL', async () => {
    // oc/step-study-grange-2: online, Fridays 17:45–18:45 Los Angeles; notes "No password needed. Chips & Birthdays".
    const id = listingId('oc', 'step-study-grange-2');
    const { context, guard, page } = await openPage(browser);
    await page.goto(url(`/meetings/${id}`, { at: AT, tz: LA }));
    assert.match(await page.locator('#notes').textContent(), /Chips & Birthdays/);
    assert.match(await page.locator('#when').textContent(), /Fri[^]*5:45/);
    await page.goto(url(`/meetings/${id}`, { at: AT, tz: 'America/New_York', lang: 'es' }));
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    assert.match(await page.locator('#when').textContent(), /vie[^]*20:45|vie[^]*8:45/i, 'Friday 20:45 in New York, in Spanish');
    assertClean(guard);
    await context.close();
  });

  test('the calendar link downloads a text/calendar file', async () => {
    const { context, guard, page } = await openPage(browser, { acceptDownloads: true });
    await page.goto(url(`/meetings/${IN_PERSON}`, { at: AT }));
    const href = await page.locator('a#ics').getAttribute('href');
    assert.match(href, /\.ics$/);
    const response = await context.request.get(new URL(href, page.url()).href);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /^text\/calendar/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a#ics')]);
    const text = fs.readFileSync(await download.path(), 'utf8');
    assert.match(text, /^BEGIN:VCALENDAR\r?\n/);
    assert.match(text, /SUMMARY:40 Minutes to Freedom/);
    assert.match(text, /RRULE:FREQ=WEEKLY;[^\r\n]*BYDAY=MO/);
    assert.match(download.suggestedFilename(), /\.ics$/);
    assertClean(guard);
    await context.close();
  });

  test('an unknown meeting is a 404 page', async () => {
    const { context, guard, page } = await openPage(browser);
    const response = await page.goto(url('/meetings/0000000000000000', { at: AT }));
    assert.equal(response.status(), 404);
    assert.match(response.headers()['content-type'], /^text\/html/);
    assert.ok(await page.locator('a[href="/"], a[href^="/?"]').count(), 'a way back to the finder');
    assertClean(guard);
    await context.close();
  });

  describe('correction form', () => {
    let context;
    let guard;
    let page;
    before(async () => {
      ({ context, guard, page } = await openPage(browser));
    });
    after(async () => {
      assertClean(guard);
      await context.close();
    });

    async function submit(details, field = 'time') {
      await page.goto(url(`/meetings/${IN_PERSON}`, { lang: 'en', at: AT }));
      const form = page.locator('form#correction');
      assert.equal((await form.getAttribute('method')).toLowerCase(), 'post');
      await form.locator('[name=field]').selectOption(field);
      await form.locator('[name=details]').fill(details);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/corrections')),
        form.locator('button[type=submit], input[type=submit]').first().click(),
      ]);
      await page.waitForLoadState();
      return response;
    }

    test('empty details: 400, the form again with #form-error naming the field', async () => {
      await page.goto(url(`/meetings/${IN_PERSON}`, { lang: 'en', at: AT }));
      // Skip the browser's own check of `required`: the server must refuse it too.
      await page.evaluate(() => { document.querySelector('form#correction').noValidate = true; });
      const form = page.locator('form#correction');
      await form.locator('[name=field]').selectOption('time');
      await form.locator('[name=details]').fill('');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        form.locator('button[type=submit], input[type=submit]').first().click(),
      ]);
      await page.waitForLoadState();
      assert.equal(response.status(), 400);
      const error = page.locator('#form-error');
      assert.equal(await error.getAttribute('role'), 'alert');
      assert.match(await error.textContent(), /details|what is wrong|describe/i);
      assert.equal(await page.locator('form#correction').count(), 1);
    });

    test('a correction is sent and thanked; the 6th within an hour is refused with 429', async () => {
      for (let n = 1; n <= 5; n++) {
        const response = await submit(`The meeting now starts at 19:45 (e2e test correction ${n}).`);
        assert.equal(response.status(), 303, `correction ${n}: 303 See Other`);
        const location = new URL(page.url());
        assert.equal(location.pathname, `/meetings/${IN_PERSON}`);
        assert.equal(location.searchParams.get('correction'), 'sent');
        const thanks = page.locator('#correction-thanks');
        assert.ok(await thanks.isVisible(), `correction ${n}: #correction-thanks`);
        assert.equal(await thanks.getAttribute('role'), 'status');
      }
      const response = await submit('One more than the limit allows (e2e test).');
      assert.equal(response.status(), 429);
      const error = page.locator('#page-error');
      assert.ok(await error.isVisible(), '#page-error on the 429 page');
      assert.match(await error.textContent(), /too many|hour|later/i);
    });
  });
});
