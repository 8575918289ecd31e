// The finder: search by postal code and by city, every filter, "Near me", in progress / soon at a
// pinned instant, paging and the Back button, bad values. Expected listings are worked out from the
// feed files (lib.mjs expectedSearch), never from the server.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertClean, assertSameListings, centre, expectedSearch, fixtureListings, launchBrowser, listingId, listingState, miles,
  openFilters, openPage, readAllResults, readResults, summaryTotal, url,
} from './lib.mjs';

// Amarillo and Lubbock, Texas (nwta, America/Chicago): Tuesday 24 November 2026, 19:10.
const CHICAGO = 'America/Chicago';
const TEXAS_AT = '2026-11-24T19:10:00-06:00';
// Santa Ana, California (oc, America/Los_Angeles): Tuesday 24 November 2026, 18:50.
const LA = 'America/Los_Angeles';
const SANTA_ANA_AT = '2026-11-24T18:50:00-08:00';
const TUESDAY = 2;

// Where the finder may put a place typed in: somewhere among that place's own listings. The tests
// accept any such centre: every listing within (distance − SLACK) miles of the median of the
// place's listings must be shown, none beyond (distance + SLACK).
const SLACK_MILES = 3;

describe('search', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  // Checks a "where" search: no "not found" message, every distance within `distance`, and the
  // listings between the inner and outer bounds around the place's own listings.
  async function checkPlaceSearch(page, params, pick, distance) {
    const { results, summary, status } = await readAllResults(page, url('/', params));
    assert.equal(status, 200);
    assert.equal(await page.locator('#where-message').count(), 0, 'no #where-message for a known place');
    assert.ok(results.length > 0, 'some results');
    for (const r of results) {
      assert.ok(r.distance !== null && r.distance <= distance + 0.05,
        `${r.name}: distance "${r.distanceText}" within ${distance} mi`);
    }
    const c = centre(pick);
    const day = params.day === undefined ? TUESDAY : params.day === 'any' ? 'any' : Number(params.day);
    const q = { lat: c.lat, lng: c.lng, day, zone: params.tz ?? CHICAGO,
      at: new Date(params.at ?? TEXAS_AT) };
    const inner = expectedSearch({ ...q, miles: distance - SLACK_MILES });
    const outer = expectedSearch({ ...q, miles: distance + SLACK_MILES });
    const shown = new Set(results.map((r) => r.id));
    const all = fixtureListings();
    const missing = [...inner.ids].filter((id) => !shown.has(id)).map((id) => all.get(id).slug);
    assert.deepEqual(missing, [], 'listings well inside the distance are shown');
    const far = [...shown].filter((id) => !outer.ids.has(id) && !outer.near.has(id))
      .map((id) => all.get(id)?.slug ?? id);
    assert.deepEqual(far, [], 'no listing well beyond the distance is shown');
    assert.equal(summaryTotal(summary), results.length, `#summary "${summary}" counts the results`);
    return results;
  }

  test('by postal code (79401, Lubbock TX)', async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: CHICAGO });
    const results = await checkPlaceSearch(page, { where: '79401', day: TUESDAY, at: TEXAS_AT },
      (l) => l.postal === '79401', 10);
    // Every Tuesday meeting with that postal code is among them — but for the feed's one row in Slaton,
    // 15 miles away, which carries Lubbock's 79401 by mistake (Slaton is 79364).
    const c = centre((l) => l.postal === '79401');
    const own = [...fixtureListings().values()].filter((l) => l.postal === '79401' &&
      l.slots.some((s) => s.day === TUESDAY) && l.lat !== null && miles(c.lat, c.lng, l.lat, l.lng) < 10 - SLACK_MILES);
    assert.ok(own.length >= 3);
    for (const l of own) assert.ok(results.some((r) => r.id === l.id), `${l.slug} (${l.address}) is shown`);
    assertClean(guard);
    await context.close();
  });

  test('by postal code found only in formatted addresses (92626, Costa Mesa CA)', async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: LA });
    await checkPlaceSearch(page, { where: '92626', day: TUESDAY, at: SANTA_ANA_AT, tz: LA, distance: 5 },
      (l) => l.postal === '92626', 5);
    assertClean(guard);
    await context.close();
  });

  test('by city (Lubbock, where some feed rows carry a longitude of 0)', async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: CHICAGO });
    await checkPlaceSearch(page, { where: 'Lubbock', day: TUESDAY, at: TEXAS_AT }, (l) => l.city === 'Lubbock', 10);
    assertClean(guard);
    await context.close();
  });

  test('by city, typed into the form (Amarillo)', async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: CHICAGO });
    await page.goto(url('/', { at: TEXAS_AT }));
    await page.fill('#where', 'Amarillo');
    await openFilters(page);
    await page.selectOption('#day', '3'); // Wednesday
    await Promise.all([page.waitForURL(/where=Amarillo/), page.click('#search')]);
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('day'), '3');
    assert.equal(params.get('tz'), CHICAGO, 'the page script fills in the viewer\'s zone');
    await checkPlaceSearch(page, Object.fromEntries(params), (l) => l.city === 'Amarillo', 10);
    // The search and its filters stay in the form.
    assert.equal(await page.inputValue('#where'), 'Amarillo');
    assert.equal(await page.inputValue('#day'), '3');
    assertClean(guard);
    await context.close();
  });

  test('a place that is not in the directory says so', async () => {
    const { context, guard, page } = await openPage(browser);
    await page.goto(url('/', { where: 'Xyzzyville', at: TEXAS_AT }));
    const message = page.locator('#where-message');
    await message.waitFor();
    assert.equal(await message.getAttribute('role'), 'status');
    assert.match(await message.textContent(), /Xyzzyville/);
    assert.equal(await page.locator('#result-list li.result').count(), 0);
    assertClean(guard);
    await context.close();
  });

  test('an ambiguous place offers the candidates (Laguna)', async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: LA });
    await page.goto(url('/', { where: 'Laguna', day: TUESDAY, at: SANTA_ANA_AT }));
    const message = page.locator('#where-message');
    assert.equal(await message.getAttribute('role'), 'status');
    const choices = (await page.locator('#where-choices a').allTextContents()).map((t) => t.trim());
    // Every city of the feeds whose name starts with "Laguna" is offered.
    const cities = [...new Set([...fixtureListings().values()].map((l) => l.city)
      .filter((c) => c && /^laguna\b/i.test(c)))];
    assert.ok(cities.length >= 2, `the fixture has several Laguna cities: ${cities}`);
    for (const city of cities) {
      assert.ok(choices.some((c) => c.startsWith(city)), `"${city}" is among the choices ${JSON.stringify(choices)}`);
    }
    await Promise.all([page.waitForURL(/where=Laguna\+Beach|where=Laguna%20Beach/),
      page.locator('#where-choices a', { hasText: 'Laguna Beach' }).first().click()]);
    const params = Object.fromEntries(new URL(page.url()).searchParams);
    await checkPlaceSearch(page, { tz: LA, at: SANTA_ANA_AT, day: TUESDAY, ...params },
      (l) => l.city === 'Laguna Beach', 10);
    assertClean(guard);
    await context.close();
  });

  test('times carry the zone abbreviation only when it is not the viewer\'s', async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: CHICAGO });
    await page.goto(url('/', { where: 'Amarillo', day: TUESDAY, at: TEXAS_AT, tz: CHICAGO }));
    const local = await readResults(page);
    assert.ok(local.length > 0 && local.every((r) => !/\bC[SD]T\b/.test(r.time)), 'no zone for a Chicago viewer');
    await page.goto(url('/', { where: 'Amarillo', day: TUESDAY, at: TEXAS_AT, tz: LA }));
    const away = await readResults(page);
    assert.ok(away.length > 0 && away.every((r) => /\bCST\b/.test(r.time)),
      `CST for a Los Angeles viewer: ${away.slice(0, 3).map((r) => r.time)}`);
    assertClean(guard);
    await context.close();
  });

  test('Near me uses the browser position', async () => {
    const here = centre((l) => l.city === 'Amarillo');
    const { context, guard, page } = await openPage(browser, {
      timezoneId: CHICAGO, geolocation: { latitude: here.lat, longitude: here.lng }, permissions: ['geolocation'],
    });
    // Pinned: without `at` the server's clock decides what "today" is, and with it the day menu, which
    // the form sends (a Tuesday has no "Tuesday" in the menu: it is "Today", see below).
    await page.goto(url('/', { day: TUESDAY, at: TEXAS_AT, tz: CHICAGO }));
    await Promise.all([page.waitForURL(/lat=/), page.click('#near-me')]);
    const params = new URL(page.url()).searchParams;
    assert.ok(Math.abs(Number(params.get('lat')) - here.lat) < 0.01, `lat ${params.get('lat')}`);
    assert.ok(Math.abs(Number(params.get('lng')) - here.lng) < 0.01, `lng ${params.get('lng')}`);
    assert.equal(params.get('at'), TEXAS_AT, 'the form keeps the pinned instant');
    assert.equal(params.get('tz'), CHICAGO);
    // The form sends its day menu, whose options are Today, Tomorrow and the next five weekdays of the
    // pinned instant: on Tuesday 24 November, day=2 has no option of its own and the menu shows
    // Today, so Near me searches day=today (on now and still to come today, not all of Tuesday).
    // Model the day the page sent, whichever it is.
    const day = params.get('day');
    assert.ok(day === 'today' || day === String(TUESDAY), `day=${day}`);
    const { results } = await readAllResults(page, page.url());
    const expected = expectedSearch({ lat: Number(params.get('lat')), lng: Number(params.get('lng')), miles: 10,
      day: day === 'today' ? 'today' : TUESDAY, zone: CHICAGO, at: new Date(TEXAS_AT) });
    assert.ok(expected.ids.size >= 3, `meetings near Amarillo then (${expected.ids.size})`);
    assertSameListings(results.map((r) => r.id), expected, 'near me');
    assertClean(guard);
    await context.close();
  });

  describe('each filter changes the results as the feeds say (5 miles around Santa Ana, Tuesday)', () => {
    const sa = centre((l) => l.city === 'Santa Ana' && l.source === 'oc');
    const params = { lat: sa.lat.toFixed(5), lng: sa.lng.toFixed(5), distance: 5, day: TUESDAY, at: SANTA_ANA_AT, tz: LA };
    const q = { lat: Number(params.lat), lng: Number(params.lng), miles: 5, day: TUESDAY, zone: LA,
      at: new Date(SANTA_ANA_AT) };
    const cases = [
      ['no filter', {}, {}],
      ['where is ignored when lat/lng are given', { where: 'Amarillo' }, {}],
      ['distance=2', { distance: 2 }, { miles: 2 }],
      ['distance=1', { distance: 1 }, { miles: 1 }],
      ['day=3 (Wednesday)', { day: 3 }, { day: 3 }],
      ['day=any', { day: 'any' }, { day: 'any' }],
      ['time=morning', { time: 'morning' }, { time: 'morning' }],
      ['time=evening', { time: 'evening' }, { time: 'evening' }],
      ['time=night', { time: 'night' }, { time: 'night' }],
      ['time=soon', { time: 'soon' }, { time: 'soon' }],
      ['type=W', { type: 'W' }, { types: ['W'] }],
      ['type=O&type=D (all must match)', { type: ['O', 'D'] }, { types: ['O', 'D'] }],
      ['approach=aa', { approach: 'aa' }, { approach: 'aa' }],
      ['approach=na', { approach: 'na' }, { approach: 'na' }],
      ['language=es', { language: 'es' }, { language: 'es' }],
      ['mode=in_person (hybrid too)', { mode: 'in_person' }, { mode: 'in_person' }],
      ['mode=online (hybrid too)', { mode: 'online' }, { mode: 'online' }],
      ['mode=hybrid', { mode: 'hybrid' }, { mode: 'hybrid' }],
      // "Online only" is about how to attend, not where: the page lists every online or hybrid
      // meeting of the day, whatever the distance (the contract leaves this open; see README).
      ['online=1 (any distance)', { online: 1 }, { online: true, lat: undefined }],
    ];
    let context;
    let guard;
    let page;
    let baseline;
    before(async () => {
      ({ context, guard, page } = await openPage(browser, { timezoneId: LA }));
    });
    after(async () => {
      assertClean(guard);
      await context.close();
    });
    for (const [name, extra, model] of cases) {
      test(name, async () => {
        const expected = expectedSearch({ ...q, ...model });
        const { results, summary, status } = await readAllResults(page, url('/', { ...params, ...extra }));
        assert.equal(status, 200);
        assertSameListings(results.map((r) => r.id), expected, name);
        if (expected.ids.size === 0) {
          assert.equal(await page.locator('#no-results').count(), 1, '#no-results when nothing matches');
        } else {
          assert.equal(summaryTotal(summary), results.length, `#summary "${summary}" counts the results`);
        }
        // How to attend, as the feeds say.
        const all = fixtureListings();
        for (const r of results) {
          const attendance = all.get(r.id)?.attendance;
          const want = { in_person: /^In person$/, online: /^Online$/, hybrid: /In person.*online|hybrid/i }[attendance];
          assert.match(r.attendance ?? '', want, `${r.name} (${attendance}): .result-attendance "${r.attendance}"`);
        }
        if (name === 'no filter') baseline = results.length;
        else if (baseline !== undefined && !('day' in extra) && !('distance' in extra) && !('online' in extra)) {
          assert.ok(results.length <= baseline, 'a filter never adds results');
        }
        // The form shows the filters of the URL.
        for (const [key, value] of Object.entries(extra)) {
          if (key === 'type') {
            for (const code of [value].flat()) {
              assert.ok(await page.isChecked(`input[name=type][value="${code}"]`), `type ${code} checked`);
            }
          } else if (key === 'online') {
            assert.ok(await page.isChecked('#online'), '#online checked');
          } else {
            assert.equal(await page.inputValue(`#${key}`), String(value), `#${key} shows ${value}`);
          }
        }
      });
    }
  });

  test('approach: the non-12-step groups of the demo feed (Philadelphia, any day)', async () => {
    const NEW_YORK = 'America/New_York';
    const at = '2026-11-24T12:00:00-05:00';
    const philly = centre((l) => l.city === 'Philadelphia');
    const { context, guard, page } = await openPage(browser, { timezoneId: NEW_YORK });
    for (const approach of ['smart', 'recovery-dharma', 'al-anon', 'aa']) {
      const expected = expectedSearch({ lat: philly.lat, lng: philly.lng, miles: 10, day: 'any', zone: NEW_YORK,
        at: new Date(at), approach });
      assert.equal(expected.ids.size > 0, approach !== 'aa', `the demo feed has ${approach} groups in Philadelphia`);
      const { results } = await readAllResults(page, url('/', { where: 'Philadelphia', day: 'any', approach, at, tz: NEW_YORK }));
      assertSameListings(results.map((r) => r.id), expected, `approach=${approach}`);
    }
    assertClean(guard);
    await context.close();
  });

  test('in progress and starting soon at a pinned instant (Amarillo, Tuesday 19:10)', async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: CHICAGO });
    const at = new Date(TEXAS_AT);
    const c = centre((l) => l.city === 'Amarillo');
    const expected = expectedSearch({ lat: c.lat, lng: c.lng, miles: 10, day: TUESDAY, zone: CHICAGO, at, time: 'soon' });
    assert.ok(expected.ids.size >= 2, 'the fixture has meetings in progress or soon then');
    const { results } = await readAllResults(page, url('/', { where: 'Amarillo', time: 'soon', at: TEXAS_AT }));
    assertSameListings(results.map((r) => r.id), expected, 'time=soon');
    const all = fixtureListings();
    let inProgress = 0;
    for (const r of results) {
      const l = all.get(r.id);
      const state = listingState(l, at);
      if (state.inProgress) {
        inProgress++;
        assert.match(r.status ?? '', /In progress/, `${l.name} is in progress: status "${r.status}"`);
      } else {
        assert.doesNotMatch(r.status ?? '', /In progress/, `${l.name} has not started`);
        assert.equal(minutesIn(r.status), state.startsIn, `${l.name} starts in ${state.startsIn} min: status "${r.status}"`);
      }
    }
    assert.ok(inProgress >= 1, 'one of them is in progress (Our Group, 19:00)');
    assert.match(await page.locator('#summary').textContent(), new RegExp(`${inProgress}\\b[^·]*progress`),
      'the summary counts the meetings in progress');
    // Without the time filter, the same meeting still says "In progress".
    await page.goto(url('/', { where: 'Amarillo', at: TEXAS_AT }));
    const ours = (await readResults(page)).find((r) => r.id === listingId('nwta', '5072'));
    assert.ok(ours, 'Our Group is on the first page');
    assert.match(ours.status ?? '', /In progress/);
    assertClean(guard);
    await context.close();
  });

  test('paging: next, previous and the Back button', async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: CHICAGO });
    const c = centre((l) => l.city === 'Amarillo');
    const total = expectedSearch({ lat: c.lat, lng: c.lng, miles: 10, day: 'any', zone: CHICAGO, at: new Date(TEXAS_AT) }).ids.size;
    assert.ok(total > 75, `enough listings for 4 pages (${total})`);
    const first = url('/', { where: 'Amarillo', day: 'any', at: TEXAS_AT });
    await page.goto(first);
    const page1 = await readResults(page);
    assert.equal(page1.length, 25);
    assert.equal(await page.locator('#pages a[rel=prev]').count(), 0, 'no previous link on page 1');

    await Promise.all([page.waitForURL(/page=2/), page.click('#pages a[rel=next]')]);
    const page2 = await readResults(page);
    assert.equal(page2.length, 25);
    assert.equal(page2.filter((r) => page1.some((p) => p.id === r.id)).length, 0, 'page 2 shows other listings');
    assert.equal(new URL(page.url()).searchParams.get('where'), 'Amarillo', 'the search stays in the URL');

    await Promise.all([page.waitForURL(/page=3/), page.click('#pages a[rel=next]')]);
    const page3 = await readResults(page);
    assert.equal(page3.filter((r) => page2.some((p) => p.id === r.id)).length, 0, 'page 3 shows other listings');

    await Promise.all([page.waitForURL(/page=2/), page.click('#pages a[rel=prev]')]);
    assert.deepEqual((await readResults(page)).map((r) => r.id), page2.map((r) => r.id), 'previous = page 2 again');

    await page.goBack();
    await page.waitForURL(/page=3/);
    assert.deepEqual((await readResults(page)).map((r) => r.id), page3.map((r) => r.id), 'Back returns to page 3');
    await page.goBack();
    await page.goBack();
    assert.equal(new URL(page.url()).searchParams.get('page'), null);
    assert.deepEqual((await readResults(page)).map((r) => r.id), page1.map((r) => r.id), 'Back returns to page 1');
    assert.equal(await page.inputValue('#where'), 'Amarillo');
    assert.equal(await page.inputValue('#day'), 'any');

    // The last page has no next link and the pages together show every listing once.
    const { results, pages } = await readAllResults(page, first);
    assert.equal(pages, Math.ceil(total / 25));
    assert.equal(new Set(results.map((r) => r.id)).size, results.length);
    assert.equal(await page.locator('#pages a[rel=next]').count(), 0, 'no next link on the last page');
    assertClean(guard);
    await context.close();
  });

  test('the first result\'s name is timed by the Element Timing API (make bench relies on it)', async () => {
    const { context, guard, page } = await openPage(browser, { timezoneId: CHICAGO });
    await page.goto(url('/', { where: 'Amarillo', day: TUESDAY, at: TEXAS_AT }));
    const marked = await page.locator('[elementtiming="first-result"]').evaluateAll((nodes) => nodes.map((n) => n.className));
    assert.deepEqual(marked, ['result-name'], 'only the first result\'s name carries elementtiming="first-result"');
    assert.equal(await page.locator('#result-list li.result').first().locator('a.result-name[elementtiming="first-result"]').count(), 1);
    const entry = await page.evaluate(() => new Promise((resolve) => {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.identifier === 'first-result') resolve({ renderTime: e.renderTime, name: e.name });
      }).observe({ type: 'element', buffered: true });
      setTimeout(() => resolve(null), 2000);
    }));
    assert.ok(entry && entry.renderTime > 0,
      'a PerformanceElementTiming entry "first-result" with a renderTime (Chromium reports text only for ' +
      'elements that are not display: inline)');
    assertClean(guard);
    await context.close();
  });

  test('a bad value is a 400 naming the field, and the page still renders', async () => {
    const { context, guard, page } = await openPage(browser);
    for (const [key, value] of [['distance', '7'], ['day', 'funday'], ['at', 'yesterday'], ['mode', 'teleport']]) {
      const response = await page.goto(url('/', { where: 'Amarillo', at: TEXAS_AT, [key]: value }));
      assert.equal(response.status(), 400, `${key}=${value}`);
      const error = page.locator('#form-error');
      assert.equal(await error.count(), 1, `#form-error for ${key}=${value}`);
      assert.equal(await error.getAttribute('role'), 'alert');
      const label = await page.locator(`label[for="${key}"]`).textContent().catch(() => null);
      const text = await error.textContent();
      assert.ok(text.toLowerCase().includes(key) || (label && text.includes(label.trim())),
        `#form-error "${text.trim()}" names ${key}${label ? ` or "${label.trim()}"` : ''}`);
      assert.equal(await page.locator('#finder').count(), 1, 'the form is still there');
    }
    assertClean(guard);
    await context.close();
  });
});

// The minutes of a status such as "Starts in 25 min", "Starts in 1 h 30 min" or "Empieza en 2 h";
// null when there is no number.
function minutesIn(status) {
  const hours = /(\d+)\s*(?:h\b|hr|hour|hora)/i.exec(status ?? '');
  const minutes = /(\d+)\s*min/i.exec(status ?? '');
  if (!hours && !minutes) return null;
  return (hours ? Number(hours[1]) * 60 : 0) + (minutes ? Number(minutes[1]) : 0);
}
