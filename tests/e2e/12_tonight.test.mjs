// "Tonight and tomorrow": late in the evening the finder's default list goes on past midnight into
// the next day, under that day's heading, until the page is full; the next pages carry on with the
// same sequence, and the print page and the API's soonest-first order give the same one. Expected
// results are worked out from the feed files (lib.mjs expectedSearch), never from the server.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  PHONE, assertClean, axeViolations, centre, expectedSearch, fixtureListings, formatViolations,
  horizontalOverflow, launchBrowser, openPage, readAllResults, readResults, savePageScreenshot, summaryTotal, url,
} from './lib.mjs';

// Costa Mesa, California (oc, America/Los_Angeles): Tuesday 24 November 2026, 22:30.
const LA = 'America/Los_Angeles';
const AT = '2026-11-24T22:30:00-08:00';
const PER_PAGE = 25;
const RADIUS_KM = 10 * 1.609344; // the finder's default 10 miles

const here = centre((l) => l.city === 'Costa Mesa' && l.source === 'oc');
// "Near me" at Costa Mesa's listings: the centre is known exactly, so the order can be checked.
const SEARCH = { lat: here.lat.toFixed(5), lng: here.lng.toFixed(5), at: AT, tz: LA };
const expected = expectedSearch({ lat: Number(SEARCH.lat), lng: Number(SEARCH.lng), miles: 10, day: 'today',
  zone: LA, at: new Date(AT) });
// The sequence without the listings on the radius's line, which rounding may put on either side.
const sequence = expected.sequence.filter((m) => !expected.near.has(m.id));
const withoutNear = (ids) => ids.filter((id) => !expected.near.has(id));

// The day groups of the results page: [{heading, ids}].
async function readDays(page) {
  return page.$$eval('#result-list h3.result-day-heading', (headings) => headings.map((h) => {
    const list = h.nextElementSibling;
    return {
      heading: h.textContent.replace(/\s+/g, ' ').trim(),
      labelled: list?.getAttribute('aria-labelledby') === h.id,
      ids: [...(list?.querySelectorAll('li.result a.result-name') ?? [])]
        .map((a) => /\/meetings\/([^/?#]+)/.exec(a.getAttribute('href'))?.[1] ?? null),
    };
  }));
}

describe('tonight and tomorrow', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  // A phone at 22:30, its clock pinned there too.
  async function phone(options = {}) {
    const opened = await openPage(browser, { viewport: PHONE, timezoneId: LA, ...options });
    await opened.context.clock.setFixedTime(AT);
    return opened;
  }

  test('the model: few meetings are left tonight, tomorrow fills the page', () => {
    const tonight = sequence.filter((m) => m.day === 0);
    assert.ok(tonight.length > 0 && tonight.length < PER_PAGE,
      `a few meetings left on Tuesday after 22:30 near Costa Mesa (${tonight.length})`);
    assert.ok(sequence.length > PER_PAGE, `more than a page with Wednesday's (${sequence.length})`);
    assert.ok(sequence.every((m) => m.day === 0 || m.day === 1), 'only Tuesday and Wednesday');
  });

  test('22:30 on a Tuesday near Costa Mesa: a full page, after midnight under "Tomorrow, Wednesday"', async () => {
    const { context, guard, page } = await phone();
    const response = await page.goto(url('/', SEARCH));
    assert.equal(response.status(), 200);
    const results = await readResults(page);
    assert.equal(results.length, PER_PAGE, 'a full page');
    // In the order the feeds give: in progress or next start, then id.
    const shown = withoutNear(results.map((r) => r.id));
    assert.deepEqual(shown, sequence.slice(0, shown.length).map((m) => m.id), 'soonest first');

    const days = await readDays(page);
    assert.deepEqual(days.map((d) => d.heading), ['Today, Tuesday', 'Tomorrow, Wednesday']);
    assert.ok(days.every((d) => d.labelled), 'each day list is labelled by its heading');
    const all = fixtureListings();
    const dayOf = new Map(expected.sequence.map((m) => [m.id, m.day]));
    for (const [offset, group] of days.entries()) {
      for (const id of group.ids) {
        assert.equal(dayOf.get(id), offset, `${all.get(id)?.name}: under "${group.heading}"`);
      }
    }
    assert.equal(days[0].ids.length + days[1].ids.length, PER_PAGE);
    assert.ok(days[1].ids.length > 0, 'the part after midnight is on the first page');
    // Each result still says its day; the summary counts today's and tomorrow's.
    assert.equal(await page.locator('#result-list li.result .result-day').first().textContent(), 'Today');
    assert.equal(await page.locator('#result-list li.result .result-day').last().textContent(), 'Tomorrow');
    const summary = await page.locator('#summary').textContent();
    const total = summaryTotal(summary);
    assert.ok(total >= expected.ids.size && total <= expected.ids.size + expected.near.size,
      `#summary "${summary}" counts ${expected.ids.size} (and any of ${expected.near.size} on the line)`);
    assert.equal(await page.locator('#day').inputValue(), 'today');

    const violations = await axeViolations(page);
    assert.ok(violations.length === 0, `${violations.length} violations:\n${formatViolations(violations)}`);
    assert.ok(await horizontalOverflow(page) <= 0, 'no sideways scrolling at 360 pixels');
    await savePageScreenshot(page, 'finder-tonight-phone.png', PHONE);
    assertClean(guard);
    await context.close();
  });

  test('in Spanish: "Hoy, martes" and "Mañana, miércoles"', async () => {
    const { context, guard, page } = await phone({ locale: 'es-ES' });
    await page.goto(url('/', { ...SEARCH, lang: 'es' }));
    assert.deepEqual((await readDays(page)).map((d) => d.heading), ['Hoy, martes', 'Mañana, miércoles']);
    assertClean(guard);
    await context.close();
  });

  test('next and previous pages carry on with the same sequence', async () => {
    const { context, guard, page } = await phone();
    const { results, pages, summary } = await readAllResults(page, url('/', SEARCH));
    assert.equal(pages, Math.ceil(results.length / PER_PAGE));
    assert.equal(summaryTotal(summary), results.length);
    assert.deepEqual(withoutNear(results.map((r) => r.id)), sequence.map((m) => m.id), 'every page, in order');
    // The last page read is under Wednesday's heading, with no Tuesday one.
    assert.deepEqual((await readDays(page)).map((d) => d.heading), ['Tomorrow, Wednesday']);
    await Promise.all([page.waitForNavigation(), page.click('#pages a[rel=prev]')]);
    const before = await readResults(page);
    const start = (pages - 2) * PER_PAGE;
    assert.deepEqual(before.map((r) => r.id), results.slice(start, start + PER_PAGE).map((r) => r.id),
      'Previous shows the page before');
    assertClean(guard);
    await context.close();
  });

  test('the print page and GET /api/v1/meetings?until=end_of_tomorrow&sort=next give the same sequence', async () => {
    const { context, guard, page } = await phone();
    const { results } = await readAllResults(page, url('/', SEARCH));
    const finderIds = results.map((r) => r.id);

    const api = await context.request.get(url('/api/v1/meetings', {
      lat: SEARCH.lat, lng: SEARCH.lng, radius_km: RADIUS_KM, at: AT, tz: LA, until: 'end_of_tomorrow',
      sort: 'next', limit: 500,
    }));
    assert.equal(api.status(), 200);
    const body = await api.json();
    assert.equal(body.total, finderIds.length);
    assert.equal(body.next_cursor, null);
    assert.deepEqual(body.items.map((item) => item.id), finderIds, 'the API lists the finder\'s sequence');
    assert.deepEqual(withoutNear(body.items.map((item) => item.id)), sequence.map((m) => m.id));
    // Each item's next_start is the occurrence the model shows, in the viewer's zone.
    const startOf = new Map(expected.sequence.map((m) => [m.id, m.start.getTime()]));
    for (const item of body.items) {
      assert.equal(new Date(item.next_start).getTime(), startOf.get(item.id), `${item.name}: next_start`);
      assert.match(item.next_start, /-08:00$/);
    }

    const printed = await page.goto(url('/print', SEARCH));
    assert.equal(printed.status(), 200);
    const sections = await page.locator('section.print-day').evaluateAll((nodes) => nodes.map((s) => ({
      heading: s.querySelector('h2')?.textContent.trim() ?? '',
      names: [...s.querySelectorAll('tbody tr')].map((tr) => tr.querySelectorAll('td')[1]?.textContent.trim()),
    })));
    assert.deepEqual(sections.map((s) => s.heading), ['Today, Tuesday', 'Tomorrow, Wednesday']);
    assert.deepEqual(sections.flatMap((s) => s.names), body.items.map((item) => item.name.trim()),
      'the print page lists the same meetings in the same order');
    const tonight = body.items.filter((item) => item.next_start < '2026-11-25T00:00:00-08:00').length;
    assert.equal(sections[0].names.length, tonight, 'what starts (or is on) before midnight is under Today');
    assertClean(guard);
    await context.close();
  });
});
