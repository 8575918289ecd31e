// The staff console (server-rendered, no JavaScript): sign-in and sign-out, what each role is offered,
// editing a listing (the public pages show the change at once; a validation error saves nothing;
// temporarily closed and reopened), reviewing corrections from the public, axe-core and a 360-pixel
// viewport on its pages, and the screenshots staff-login-phone.png and staff-edit-desktop.png.
//
// run.mjs makes the sites (north, south) and the accounts (test.editor: directory_editor at north;
// test.admin: site_admin at north and coach at south; test.coach: coach at north) before the server
// starts. Wrong passwords count against the per-address sign-in throttle (20 in 15 minutes from
// 127.0.0.1): this file tries exactly one.
//
// Corrections: the public form allows 5 submissions an hour from one address, and
// 20_meeting.test.mjs spends all of 127.0.0.1's budget (five accepted, the sixth refused). The
// corrections here are sent by filling in the public meeting page's form in Chromium as usual, but
// their POST goes from 127.0.0.2 (lib.mjs postFrom): a second member of the public, with a budget of
// its own (this file sends 3), so this file runs after 20_meeting, or alone with --filter, alike.
// The 5 corrections 20_meeting leaves open may be listed too: the tests only look at their own.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  BASE, DESKTOP, PHONE, REFERENCE_AT, assertClean, axeViolations, cli, formatViolations, horizontalOverflow, launchBrowser,
  listingId, openPage, postFrom, readAllResults, savePageScreenshot, staffSignIn, storedCorrections, submitForm, url,
} from './lib.mjs';

const SITE = `${BASE}/staff/sites/north`;
const LISTINGS = `${SITE}/listings`;
const CORRECTIONS = `${SITE}/corrections`;
const CHICAGO = 'America/Chicago';
// The public pages are read at a pinned instant (Tuesday 24 November 2026, evening in Texas).
const AT = REFERENCE_AT;
// nwta "Animal House", 3610 North Golder Ave, Odessa TX: three in-person listings at 19:00, without
// a link or a phone. Each test changes a different one.
const RENAMED = listingId('nwta', '5610'); // Mondays: renamed and moved to 19:30
const CLOSED = listingId('nwta', '5611'); // Wednesdays: temporarily closed, then reopened
const CORRECTED = listingId('nwta', '5612'); // Fridays: a correction applied through the form
// nwta/5207 (Amarillo): a correction dismissed.
const DISMISSED = listingId('nwta', '5207');
// oc/t-n-t-group: hybrid (address, Zoom link and phone): the edit page's screenshot.
const HYBRID = listingId('oc', 't-n-t-group');

const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();
const pathOf = (page) => new URL(page.url()).pathname;
// What the sign-in page says went wrong, for assertion messages.
const signInError = async (page) => ((await page.locator('#login-error').count())
  ? text(page.locator('#login-error')) : `no #login-error at ${page.url()}`);

describe('staff console', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  // A fresh context signed in as `name` (on /staff, or `address` through the sign-in redirect).
  async function signedIn(name, options = {}, address = null) {
    const opened = await openPage(browser, options);
    const { status } = await staffSignIn(opened.page, name, undefined, address);
    assert.equal(status, 303, `${name} signs in (${status}: ${await signInError(opened.page)})`);
    return opened;
  }

  // Sends a correction about listing `id` with the public meeting page's form, as a visitor at
  // 127.0.0.2 (see the top of this file); returns the stored request (corrections list --json).
  async function sendCorrection(id, field, details) {
    const { context, guard, page } = await openPage(browser);
    await postFrom(page, '**/meetings/*/corrections', '127.0.0.2');
    await page.goto(url(`/meetings/${id}`, { lang: 'en', at: AT }));
    const form = page.locator('form#correction');
    await form.locator('[name=field]').selectOption(field);
    await form.locator('[name=details]').fill(details);
    const sent = await submitForm(page, form.locator('button[type=submit], input[type=submit]').first());
    assert.equal(sent.status, 303, `correction about ${id} sent`);
    assert.equal(new URL(page.url()).searchParams.get('correction'), 'sent');
    assert.ok(await page.locator('#correction-thanks').isVisible(), '#correction-thanks');
    assertClean(guard);
    await context.close();
    const stored = storedCorrections().find((c) => c.details === details);
    assert.ok(stored, `the correction about ${id} is stored`);
    return stored;
  }

  test('staff sign-in: signed out to sign-in and back to the page asked for; wrong password refused', async () => {
    const { context, guard, page } = await openPage(browser);
    const asked = `${LISTINGS}?q=Animal`;
    const first = await page.goto(asked);
    assert.equal((await first.request().redirectedFrom()?.response())?.status(), 303, 'signed out: 303');
    assert.equal(pathOf(page), '/staff/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/staff/sites/north/listings?q=Animal');
    assert.equal(first.status(), 200);
    assert.equal(await page.locator('input[name=next]').inputValue(), '/staff/sites/north/listings?q=Animal');
    assert.ok(await page.locator('#login-name').isVisible());
    assert.equal(await page.locator('#login-password').getAttribute('type'), 'password');
    // Server-rendered without JavaScript: no script, and a policy that allows none.
    assert.equal(await page.locator('script').count(), 0, 'no <script> on the sign-in page');
    const csp = first.headers()['content-security-policy'] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src/);

    // One wrong password (the only one in the whole suite).
    const wrong = await staffSignIn(page, 'test.editor', 'not the right passphrase');
    assert.equal(wrong.status, 401, `a wrong password: ${await signInError(page)}`);
    assert.equal(await text(page.locator('#login-error')), 'The user name or password is wrong.');
    assert.equal(await page.locator('#login-error').getAttribute('role'), 'alert');
    assert.equal(await page.locator('#login-name').inputValue(), 'test.editor', 'the name is kept');
    assert.equal(await page.locator('#login-password').inputValue(), '', 'the password is not');
    assert.equal(await page.locator('input[name=next]').inputValue(), '/staff/sites/north/listings?q=Animal');
    assert.equal((await context.cookies()).filter((c) => c.name === 'rn_session').length, 0, 'no session yet');

    const right = await staffSignIn(page, 'test.editor');
    assert.equal(right.status, 303, `the right password: ${await signInError(page)}`);
    assert.equal(page.url(), asked, 'lands on the page asked for');
    assert.equal(await text(page.locator('.site-header .who')), 'Test Editor');
    assert.ok(await page.locator('#sign-out').isVisible(), '#sign-out in the header');
    assert.match(await text(page.locator('#listing-count')), /^Showing 1–3 of 3\b/);
    const names = await page.locator('a.result-name').allTextContents();
    assert.deepEqual(names.map((n) => n.trim()), ['Animal House', 'Animal House', 'Animal House']);
    const session = (await context.cookies()).find((c) => c.name === 'rn_session');
    assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(await page.locator('script').count(), 0, 'no <script> on the listings page');
    assertClean(guard);
    await context.close();
  });

  test('staff sign-out: #sign-out ends the session; going back is sent to sign-in', async () => {
    const { context, guard, page } = await signedIn('test.editor');
    // One site: /staff goes straight to it.
    assert.equal(pathOf(page), '/staff/sites/north');
    assert.equal(await text(page.locator('h1')), 'North Test Site');
    const links = (await page.locator('main a').allTextContents()).map((t) => t.trim());
    assert.ok(links.includes('Directory listings') && links.includes('Corrections from the public'), `links: ${links}`);
    assert.ok(!links.includes('Audit trail') && !links.includes('API tokens'), `no site-admin links: ${links}`);
    await page.getByRole('link', { name: 'Directory listings' }).click();
    await page.waitForURL(LISTINGS);

    const out = await submitForm(page, page.locator('#sign-out'));
    assert.equal(out.status, 303);
    assert.equal(pathOf(page), '/staff/login');
    assert.equal(new URL(page.url()).searchParams.get('signed_out'), '1');
    assert.match(await text(page.locator('main')), /You are signed out\./);
    assert.equal((await context.cookies()).filter((c) => c.name === 'rn_session' && c.value).length, 0,
      'the session cookie is gone');
    // Back to the listings page: not shown from a cache (no-store), sent to sign-in.
    await page.goBack();
    assert.equal(pathOf(page), '/staff/login', `going back shows ${page.url()}`);
    assert.equal(new URL(page.url()).searchParams.get('next'), '/staff/sites/north/listings');
    assert.equal(await page.locator('.who').count(), 0, 'nobody is signed in');
    await page.goto(SITE);
    assert.equal(pathOf(page), '/staff/login');
    assertClean(guard);
    await context.close();
  });

  test('staff roles: a site admin with two sites, a coach, and signing out on every device', async () => {
    const admin = await signedIn('test.admin');
    let page = admin.page;
    // Two sites: /staff lists them.
    assert.equal(pathOf(page), '/staff');
    assert.equal(await text(page.locator('.who')), 'Test Admin');
    const sites = (await page.locator('main li a').allTextContents()).map((t) => t.trim());
    assert.deepEqual(sites, ['North Test Site', 'South Test Site']);
    assert.ok(await page.locator('#site-switch').isVisible(), 'the site switcher');
    await page.getByRole('link', { name: 'North Test Site' }).click();
    await page.waitForURL(SITE);
    const links = (await page.locator('main a').allTextContents()).map((t) => t.trim());
    assert.ok(links.includes('Audit trail') && links.includes('API tokens'), `site-admin links: ${links}`);
    assert.ok(!links.includes('Directory listings'), `a site admin does not edit the directory: ${links}`);
    const refused = await page.goto(LISTINGS);
    assert.equal(refused.status(), 403);
    assert.match(await text(page.locator('#page-error')), /cannot do this here/);
    await page.goto(`${SITE}/audit`);
    assert.equal(await text(page.locator('h1')), 'Audit trail');

    // A coach at north: the site page, nothing to manage.
    const coach = await signedIn('test.coach');
    assert.equal(pathOf(coach.page), '/staff/sites/north');
    const coachLinks = (await coach.page.locator('main ul a').allTextContents()).map((t) => t.trim());
    assert.ok(!coachLinks.some((l) => /Directory listings|Corrections|Audit trail|API tokens/.test(l)),
      `a coach has none of the editor's or admin's links: ${coachLinks}`);
    assert.equal((await coach.page.goto(CORRECTIONS)).status(), 403);
    assert.equal((await coach.page.goto(`${BASE}/staff/sites/south`)).status(), 403, 'not a site of the coach');
    assertClean(coach.guard);
    await coach.context.close();

    // test.admin signed in twice; "Sign out on every device" in one ends the other.
    const other = await signedIn('test.admin');
    await page.goto(`${BASE}/staff`);
    const everywhere = await submitForm(page, page.locator('#sign-out-everywhere'));
    assert.equal(everywhere.status, 303);
    assert.equal(pathOf(page), '/staff/login');
    await other.page.goto(SITE);
    assert.equal(pathOf(other.page), '/staff/login', 'the other session has ended');
    assertClean(other.guard);
    await other.context.close();
    assertClean(admin.guard);
    await admin.context.close();
  });

  test('staff edit: rename and move a listing; the public pages show it; history; a 422 saves nothing', async () => {
    const { context, guard, page } = await signedIn('test.editor', { timezoneId: CHICAGO });
    await page.goto(`${LISTINGS}?q=${encodeURIComponent('Animal House')}`);
    await page.locator(`a.result-name[href$="/listings/${RENAMED}"]`).click();
    await page.waitForURL(`${LISTINGS}/${RENAMED}`);
    assert.equal(await text(page.locator('h1')), 'Animal House');
    assert.equal(await page.locator('#f-name').inputValue(), 'Animal House');
    assert.equal(await page.locator('#f-attendance').inputValue(), 'in_person');
    assert.equal(await page.locator('#f-timezone').inputValue(), CHICAGO);
    assert.equal(await page.locator('#f-address').inputValue(), '3610 North Golder Ave');
    assert.equal(await page.locator('#f-city').inputValue(), 'Odessa');
    assert.equal(await page.locator('select[name=day]').first().inputValue(), '1');
    assert.equal(await page.locator('input[name=start]').first().inputValue(), '19:00');
    const historyBefore = await page.locator('#history > li').count();

    const newName = 'Animal House (renamed by e2e)';
    await page.locator('#f-name').fill(newName);
    await page.locator('input[name=start]').first().fill('19:30');
    const saved = await submitForm(page, page.locator('#save-listing'));
    assert.equal(saved.status, 303);
    assert.equal(page.url(), `${LISTINGS}/${RENAMED}?done=saved`);
    assert.equal(await text(page.locator('#flash')), 'Saved. The public finder shows the change now.');
    assert.equal(await text(page.locator('h1')), newName);
    assert.equal(await page.locator('#f-name').inputValue(), newName);
    assert.equal(await page.locator('input[name=start]').first().inputValue(), '19:30');
    const history = page.locator('#history > li');
    assert.equal(await history.count(), historyBefore + 1, 'one more change in the history');
    const newest = await text(history.first());
    assert.match(newest, /^update by test\.editor at \d{4}-\d\d-\d\dT/, `newest entry "${newest}"`);
    assert.match(newest, /changed: .*\bname\b/);
    assert.match(newest, /changed: .*\bschedule\b/);

    // The public meeting page and the finder show the change at once.
    const pub = await context.newPage();
    await pub.goto(url(`/meetings/${RENAMED}`, { lang: 'en', tz: CHICAGO, at: AT }));
    assert.equal(await text(pub.locator('h1')), newName);
    assert.match(await text(pub.locator('#when')), /Mon[^]*7:30/);
    const { results } = await readAllResults(pub, url('/', { where: 'Odessa', day: 1, lang: 'en', tz: CHICAGO, at: AT }));
    const found = results.find((r) => r.id === RENAMED);
    assert.ok(found, 'the finder lists it around Odessa on Mondays');
    assert.equal(found.name, newName);
    await pub.close();

    // Online without a link or a phone: 422, the form again with what was typed, nothing saved.
    await page.locator('#f-attendance').selectOption('online');
    await page.locator('#f-url').fill('');
    await page.locator('#f-dial').fill('');
    await page.locator('#f-name').fill('Not saved (e2e)');
    const refused = await submitForm(page, page.locator('#save-listing'));
    assert.equal(refused.status, 422);
    const error = page.locator('#form-error');
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.match(await text(error), /an online meeting needs a link or a phone number/);
    assert.equal(await page.locator('#f-attendance').inputValue(), 'online', 'the form keeps what was chosen');
    assert.equal(await page.locator('#f-name').inputValue(), 'Not saved (e2e)');
    await page.goto(`${LISTINGS}/${RENAMED}`);
    assert.equal(await page.locator('#f-name').inputValue(), newName, 'nothing was saved');
    assert.equal(await page.locator('#f-attendance').inputValue(), 'in_person');
    assert.equal(await page.locator('#history > li').count(), historyBefore + 1);
    assertClean(guard);
    await context.close();
  });

  test('staff edit: mark temporarily closed, then reopen', async () => {
    const { context, guard, page } = await signedIn('test.editor');
    await page.goto(`${LISTINGS}/${CLOSED}`);
    const toggle = page.locator('#toggle-closed');
    assert.equal(await text(toggle), 'Mark temporarily closed');
    const closed = await submitForm(page, toggle);
    assert.equal(closed.status, 303);
    assert.equal(page.url(), `${LISTINGS}/${CLOSED}?done=closed`);
    assert.equal(await text(page.locator('#flash')), 'Marked temporarily closed.');
    assert.match(await text(page.locator('main')), /This listing is marked temporarily closed/);
    assert.equal(await text(toggle), 'Reopen');
    const pub = await context.newPage();
    await pub.goto(url(`/meetings/${CLOSED}`, { lang: 'en', at: AT }));
    assert.match(await text(pub.locator('main')), /This meeting is temporarily closed\./);
    await page.goto(`${LISTINGS}?q=Animal`);
    const row = page.locator('li.result', { has: page.locator(`a[href$="/listings/${CLOSED}"]`) });
    assert.match(await text(row), /Temporarily closed/, 'the list marks it closed');

    await page.goto(`${LISTINGS}/${CLOSED}`);
    const reopened = await submitForm(page, toggle);
    assert.equal(reopened.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Reopened.');
    assert.equal(await text(toggle), 'Mark temporarily closed');
    assert.equal(await page.locator('#f-attendance').inputValue(), 'in_person', 'in person again');
    await pub.reload();
    assert.doesNotMatch(await text(pub.locator('main')), /temporarily closed/);
    const entries = await page.locator('#history > li').allTextContents();
    assert.ok(entries.length >= 2 && entries.slice(0, 2).every((e) => /^update by test\.editor/.test(e.trim())),
      `two updates by test.editor, newest first: ${entries.slice(0, 3).join(' | ')}`);
    await pub.close();
    assertClean(guard);
    await context.close();
  });

  test('staff corrections: sent from the public page, applied through the form, another dismissed', async () => {
    // Each run has a fresh database, so fixed texts are unique without reading the clock.
    const applyText = 'It starts at 19:15 now (e2e staff test, apply).';
    const dismissText = 'The room changed (e2e staff test, dismiss).';

    // The public: two requests through the meeting pages' form.
    const toApply = await sendCorrection(CORRECTED, 'time', applyText);
    const toDismiss = await sendCorrection(DISMISSED, 'location', dismissText);
    assert.equal(toApply.status, 'open');
    assert.equal(toApply.listing_id, CORRECTED);
    assert.equal(toDismiss.status, 'open');

    // The editor: the list, "Edit the listing", save with the correction ticked.
    const { context, guard, page } = await signedIn('test.editor', {}, CORRECTIONS);
    assert.equal(page.url(), CORRECTIONS);
    const item = page.locator(`#corrections > li#correction-${toApply.id}`);
    assert.ok(await item.isVisible(), `#correction-${toApply.id} is listed`);
    assert.match(await text(item), /time about Animal House/);
    assert.ok((await text(item)).includes(applyText));
    assert.ok(await item.getByRole('button', { name: 'Already fixed' }).isVisible(), '"Already fixed"');
    assert.ok(await page.locator(`#corrections > li#correction-${toDismiss.id}`).isVisible());
    await item.getByRole('link', { name: 'Edit the listing' }).click();
    await page.waitForURL(`${LISTINGS}/${CORRECTED}?correction=${toApply.id}`);
    const note = page.locator('#correction-note');
    assert.ok((await text(note)).includes(applyText), '#correction-note shows the request');
    const tick = page.locator('input[type=checkbox][name=correction]');
    assert.equal(await tick.getAttribute('value'), String(toApply.id));
    assert.ok(await tick.isChecked(), 'checked: saving marks it applied');
    await page.locator('input[name=start]').first().fill('19:15');
    const saved = await submitForm(page, page.locator('#save-listing'));
    assert.equal(saved.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Saved. The public finder shows the change now.');
    assert.equal(await page.locator('input[name=start]').first().inputValue(), '19:15');
    assert.equal(storedCorrections().find((c) => c.id === toApply.id).status, 'applied');

    // Gone from the list; dismiss the other one.
    await page.goto(CORRECTIONS);
    assert.equal(await page.locator(`#correction-${toApply.id}`).count(), 0, 'the applied one is no longer listed');
    const dismiss = page.locator(`#corrections > li#correction-${toDismiss.id} button.dismiss`);
    assert.equal(await text(dismiss), 'Dismiss');
    const dismissed = await submitForm(page, dismiss);
    assert.equal(dismissed.status, 303);
    assert.equal(page.url(), `${CORRECTIONS}?done=dismissed`);
    assert.equal(await text(page.locator('#flash')), 'Correction dismissed.');
    assert.equal(await page.locator(`#correction-${toDismiss.id}`).count(), 0, 'the dismissed one is gone');
    const final = storedCorrections();
    assert.equal(final.find((c) => c.id === toDismiss.id).status, 'dismissed');
    assert.equal(final.find((c) => c.id === toApply.id).status, 'applied');
    // Every change above is in an intact audit trail.
    const verify = cli('audit', 'verify');
    assert.equal(verify.status, 0, `audit verify: ${verify.stdout}${verify.stderr}`);
    assert.match(verify.stdout, /chain intact/);
    assertClean(guard);
    await context.close();
  });

  describe('staff pages: accessibility', () => {
    // An open correction about HYBRID, so that the corrections page lists one and the edit page shows
    // #correction-note (whatever else ran before).
    let open;
    before(async () => {
      open = await sendCorrection(HYBRID, 'other', 'The Zoom link changed (e2e staff accessibility).');
    });

    // The pages checked with axe-core and at 360 pixels: [name, address, signed in].
    const pages = () => [
      ['sign-in', `${BASE}/staff/login`, false],
      ['site', SITE, true],
      ['listings', `${LISTINGS}?q=Animal`, true],
      ['edit', `${LISTINGS}/${HYBRID}?correction=${open.id}`, true],
      ['corrections', CORRECTIONS, true],
    ];

    for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      test(`staff pages: axe-core finds no WCAG 2.2 A/AA violation, ${size}`, async () => {
        const signedOut = await openPage(browser, { viewport });
        const editor = await signedIn('test.editor', { viewport });
        const found = [];
        for (const [name, address, needsSession] of pages()) {
          const { page } = needsSession ? editor : signedOut;
          const response = await page.goto(address);
          assert.equal(response.status(), 200, `${name}: ${address}`);
          if (name === 'edit') assert.ok(await page.locator('#correction-note').isVisible(), 'edit: #correction-note');
          if (name === 'corrections') assert.ok(await page.locator(`#correction-${open.id}`).isVisible());
          const violations = await axeViolations(page);
          if (violations.length) found.push(`${name} (${address}):\n${formatViolations(violations)}`);
          if (size === 'phone') {
            const overflow = await horizontalOverflow(page);
            const wide = overflow > 0 ? await page.evaluate(() => [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(0, 5)
              .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')}`)) : [];
            if (overflow > 0) found.push(`${name}: scrollWidth exceeds 360 by ${overflow} px; too wide: ${wide.join(', ')}`);
          }
        }
        assert.ok(found.length === 0, found.join('\n'));
        for (const opened of [signedOut, editor]) {
          assertClean(opened.guard);
          await opened.context.close();
        }
      });
    }
  });

  for (const [name, size, viewport, address, needsSession] of [
    ['staff-login', 'phone', PHONE, `${BASE}/staff/login`, false],
    ['staff-edit', 'desktop', DESKTOP, `${LISTINGS}/${HYBRID}`, true],
  ]) {
    test(`staff screenshot ${name}-${size}.png`, async () => {
      const { context, guard, page } = needsSession
        ? await signedIn('test.editor', { viewport }) : await openPage(browser, { viewport });
      await page.goto(address);
      await savePageScreenshot(page, `${name}-${size}.png`, viewport);
      assertClean(guard);
      await context.close();
    });
  }
});
