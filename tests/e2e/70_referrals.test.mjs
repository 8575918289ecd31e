// Referrals in the staff console, on a 360-pixel phone: a partner's referrer sends an urgent ED
// referral with the form; the coach finds it at the top of the inbox, accepts it, makes the person
// a participant and records the first contact with a follow-up, sees the follow-up in the caseload,
// and closes the referral as reached and engaged; the referrer is told only that it was accepted.
// axe-core on every page on the way, no sideways scrolling, and the screenshots
// staff-referrals-phone.png, staff-referral-phone.png, staff-participant-phone.png and
// staff-caseload-phone.png; the supervisor's overview (staff-overview-phone.png) and reassigning;
// then a supervisor's consent and disclosure (staff-consents-phone.png, staff-disclosed-phone.png),
// which the referrer then reads on its referral (staff-referral-told-phone.png).
//
// run.mjs makes test.coach (coach at north) and test.referrer (referrer at north for the partner
// e2e-ed). This file makes the program and the partner through the JSON API with a site admin's API
// token (made with the CLI), as a site would.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  BASE, PHONE, assertClean, axeViolations, cli, formatViolations, horizontalOverflow, launchBrowser,
  openPage, savePageScreenshot, staffSignIn, submitForm,
} from './lib.mjs';

const SITE = `${BASE}/staff/sites/north`;
const REFERRALS = `${SITE}/referrals`;
const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();
// What a person reads (a term and its description apart).
const shown = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

async function api(token, method, path, body) {
  const response = await fetch(`${BASE}${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

describe('referrals in the staff console', () => {
  let browser;
  const found = [];  // axe-core and overflow findings, reported by the last test

  before(async () => {
    browser = await launchBrowser();
    const made = cli('token', 'create', '--site', 'north', '--role', 'site_admin', '--label',
                     'e2e referrals setup token (fake)');
    assert.equal(made.status, 0, made.stderr);
    const token = made.stdout.trim();
    const program = await api(token, 'POST', '/api/v1/sites/north/programs',
                              { id: 'ed', name: 'ED Recovery Coaching', kind: 'ed_coaching' });
    assert.equal(program.status, 201, JSON.stringify(program.json));
    const partner = await api(token, 'POST', '/api/v1/sites/north/partners',
                              { id: 'e2e-ed', name: 'Test General ED (fake)', kind: 'hospital' });
    assert.equal(partner.status, 201, JSON.stringify(partner.json));
  });
  after(async () => {
    await browser?.close();
  });

  async function signedIn(name) {
    const opened = await openPage(browser, { viewport: PHONE });
    const { status } = await staffSignIn(opened.page, name);
    assert.equal(status, 303, `${name} signs in`);
    return opened;
  }

  // Checks the page as it is now with axe-core and for sideways scrolling at 360 pixels.
  async function inspect(page, name) {
    const violations = await axeViolations(page);
    if (violations.length) found.push(`${name} (${page.url()}):\n${formatViolations(violations)}`);
    const overflow = await horizontalOverflow(page);
    if (overflow > 0) found.push(`${name}: scrollWidth exceeds 360 by ${overflow} px`);
  }

  let referralPath;
  let participantPath;

  test('referrals: the ED referrer sends an urgent referral from a phone', async () => {
    const { context, guard, page } = await signedIn('test.referrer');
    await page.goto(REFERRALS);
    assert.match(await text(page.locator('main h2')), /Sent for Test General ED \(fake\)/);
    await inspect(page, 'referrer inbox');
    await page.locator('#send-referral').click();
    await page.waitForURL(`${REFERRALS}/new`);
    await inspect(page, 'referral form');
    const form = page.locator('#referral-form');
    assert.match(await text(form), /From Test General ED \(fake\)/, 'a referrer sends for its own partner');
    assert.equal(await form.locator('#partner').count(), 0, 'and does not choose one');
    await form.getByLabel('Now: the person is there now').check();
    await form.locator('#program').selectOption('ed');
    await form.locator('#first_name').fill('Testy');
    await form.locator('#phone').fill('555-010-0199');
    await form.locator('#language').fill('es');
    await form.locator('#setting').selectOption('emergency_department');
    await form.locator('#reason').selectOption('overdose_survivor');
    await form.getByLabel('Yes').check();
    const sent = await submitForm(page, page.locator('#send'));
    assert.equal(sent.status, 303);
    referralPath = new URL(page.url()).pathname;
    assert.match(referralPath, /^\/staff\/sites\/north\/referrals\/[0-9a-f]{32}$/);
    assert.equal(await text(page.locator('#flash')), 'Referral sent. The site has it now.');
    assert.equal(await text(page.locator('#referral-status')), 'Waiting for a coach');
    assert.equal(await page.locator('#referral-actions').count(), 0, 'a referrer changes nothing');
    await inspect(page, 'referral, as its referrer');
    assertClean(guard);
    await context.close();
  });

  test('referrals: a form with a choice missing says which and keeps what was typed', async () => {
    const { context, guard, page } = await signedIn('test.referrer');
    const response = await page.request.post(REFERRALS, {
      form: { _csrf: await page.goto(`${REFERRALS}/new`).then(() =>
        page.locator('input[name=_csrf]').first().inputValue()), program: 'ed', first_name: 'Fakey',
              language: 'en', setting: 'self', reason: 'other', consent: 'yes' },
      maxRedirects: 0,
    });
    assert.equal(response.status(), 422);
    const body = await response.text();
    assert.match(body, /choose one \(urgency\)/);
    assert.match(body, /value="Fakey"/);
    assertClean(guard);
    await context.close();
  });

  test('referrals: the coach accepts it, records the first contact, sees the follow-up in the caseload and closes it; the referrer sees only "Accepted"', async () => {
    assert.ok(referralPath, 'the referral was sent');
    const { context, guard, page } = await signedIn('test.coach');
    await page.goto(REFERRALS);
    const first = page.locator('#waiting li').first();
    assert.match(await text(first), /^Urgent Testy/, 'the urgent referral is first');
    assert.match(await text(first), /ED Recovery Coaching · from Test General ED \(fake\) · Emergency department/);
    await inspect(page, 'coach inbox');
    await savePageScreenshot(page, 'staff-referrals-phone.png', PHONE);
    await first.locator('a').click();
    await page.waitForURL(`${BASE}${referralPath}`);
    await inspect(page, 'referral, as the coach');

    let done = await submitForm(page, page.getByRole('button', { name: "Accept: I'll take it" }));
    assert.equal(done.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Accepted: this referral is yours.');
    assert.equal(await text(page.locator('#referral-status')), 'Accepted');
    const facts = await shown(page.locator('dl.facts'));
    assert.match(facts, /Coach Test Coach/);
    assert.match(facts, /Phone 555-010-0199/);
    assert.match(facts, /From Test General ED \(fake\) Where/, 'no empty reference is shown');
    await savePageScreenshot(page, 'staff-referral-phone.png', PHONE);

    // The coach meets the person: they become a participant, and the contact is recorded on one
    // screen; it is the referral's first contact.
    done = await submitForm(page, page.locator('#add-participant'));
    assert.equal(done.status, 303);
    assert.match(new URL(page.url()).pathname, /^\/staff\/sites\/north\/participants\/[0-9a-f]{32}$/);
    participantPath = new URL(page.url()).pathname;
    assert.equal(await text(page.locator('#flash')), 'Added to your caseload. Record the contact below.');
    assert.equal(await text(page.locator('h1')), 'Testy');
    await inspect(page, 'participant, before the contact');
    const form = page.locator('#contact-form');
    await form.getByLabel('Emergency department').check();
    await form.locator('#duration').fill('20');
    await form.getByLabel('Emotional').check();
    await form.getByLabel('Mentoring or coaching').check();
    await form.locator('#note').fill('Met in the ED (fake).');
    await form.locator('#private-note').fill('Shared in confidence (fake).');
    // A week after the server's today (its clock is not pinned); the page counts the days.
    await form.locator('#follow-up-on').fill(new Date(Date.now() + 7 * 86400e3).toISOString().slice(0, 10));
    done = await submitForm(page, page.locator('#save-contact'));
    assert.equal(done.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Contact saved.');
    assert.match(await text(page.locator('#follow-up')), /^Follow-up in \d+ days$/);
    assert.match(await text(page.locator('#contacts')), /Emergency department · 20 min Met in the ED \(fake\)\. Private: Shared in confidence \(fake\)\./);
    await inspect(page, 'participant, after the contact');
    await savePageScreenshot(page, 'staff-participant-phone.png', PHONE);

    // The follow-up is in the coach's caseload.
    await page.goto(`${SITE}/caseload`);
    const row = page.locator(`#participant-${participantPath.split('/').pop()}`);
    assert.match(await text(row), /^Testy Follow-up in \d+ days Last contact 0 days ago/);
    await inspect(page, 'caseload');
    await savePageScreenshot(page, 'staff-caseload-phone.png', PHONE);

    // Back on the referral: reached (the first contact moved it on), then closed.
    await page.goto(`${BASE}${referralPath}`);
    assert.equal(await text(page.locator('#referral-status')), 'In progress');
    assert.match(await shown(page.locator('dl.facts')), /First contact Today, .* after it was sent\)/);
    assert.ok(await page.locator('#open-participant').isVisible(), 'the referral links its participant');
    await page.locator('#outcome').selectOption('reached_and_engaged');
    done = await submitForm(page, page.getByRole('button', { name: 'Close the referral' }));
    assert.equal(done.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Referral closed.');
    assert.equal(await text(page.locator('#referral-status')), 'Completed');
    assert.equal(await text(page.locator('#referral-status').locator('..')), 'Completed · Reached and engaged');
    assert.equal(await page.locator('#referral-actions').count(), 0, 'a closed referral has no actions');
    await page.goto(REFERRALS);
    assert.equal(await page.locator(`#referral-${referralPath.split('/').pop()}`).count(), 0,
      'a closed referral leaves the inbox');
    assertClean(guard);
    await context.close();

    const referrer = await signedIn('test.referrer');
    await referrer.page.goto(`${BASE}${referralPath}`);
    assert.equal(await text(referrer.page.locator('#referral-status')), 'Accepted');
    assert.doesNotMatch(await text(referrer.page.locator('main')), /Completed|engaged|Test Coach/);
    assertClean(referrer.guard);
    await referrer.context.close();
  });

  test('referrals: a supervisor sees the caseloads and gives the participant to another coach', async () => {
    assert.ok(participantPath, 'the participant was made');
    const { context, guard, page } = await signedIn('test.supervisor');
    await page.goto(SITE);
    await page.getByRole('link', { name: "Overview of the site's caseloads" }).click();
    await page.waitForURL(`${SITE}/overview`);
    const rows = (await page.locator('#coaches tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    assert.ok(rows.includes('Test Coach 1 0 0'), `the coach's caseload: ${rows}`);
    assert.ok(rows.includes('Test Coach Two 0 0 0'), `the other coach's: ${rows}`);
    await inspect(page, 'overview');
    await savePageScreenshot(page, 'staff-overview-phone.png', PHONE);
    await page.goto(`${BASE}${participantPath}`);
    assert.equal(await text(page.locator('#coach')), 'Test Coach');
    await page.locator('#reassign').evaluate((form) => form.closest('details').open = true);
    await page.locator('#new-coach').selectOption({ label: 'Test Coach Two' });
    await inspect(page, 'participant, as the supervisor');
    const done = await submitForm(page, page.getByRole('button', { name: 'Reassign (the history is kept)' }));
    assert.equal(done.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Reassigned. The history is kept.');
    assert.equal(await text(page.locator('#coach')), 'Test Coach Two');
    assertClean(guard);
    await context.close();

    const coach2 = await signedIn('test.coach2');
    await coach2.page.goto(`${SITE}/caseload`);
    assert.equal(await coach2.page.locator(`#participant-${participantPath.split('/').pop()}`).count(), 1,
      'the participant is on the new coach\'s caseload');
    assertClean(coach2.guard);
    await coach2.context.close();
  });

  test('consents: a disclosure is refused without a consent, made under one with the Part 2 notice, listed in the accounting; revoking stops it', async () => {
    assert.ok(participantPath, 'the participant was made');
    const { context, guard, page } = await signedIn('test.supervisor');
    await page.goto(`${BASE}${participantPath}`);
    await page.locator('#consents-link').click();
    await page.waitForURL(`${BASE}${participantPath}/consents`);
    assert.equal(await text(page.locator('#no-consents')), 'No consent recorded. Nothing may be disclosed.');
    await inspect(page, 'consents, none yet');

    const disclose = async () => {
      const form = page.locator('#disclose-form');
      await form.locator('#disclose-to').selectOption('e2e-ed');
      await form.locator('#disclose-purpose').selectOption('referral_follow_up');
      await form.getByLabel("Whether they were reached and engaged (the referral's outcome)").check();
      return submitForm(page, page.locator('#disclose'));
    };
    let done = await disclose();
    assert.equal(done.status, 403);
    assert.match(await text(page.locator('#disclosure-error')), /\(consent\)$/);

    const form = page.locator('#consent-form');
    await form.getByLabel('Test General ED (fake)').check();
    await form.getByLabel('Telling the referring partner whether they were reached').check();
    await form.getByLabel("Whether they were reached and engaged (the referral's outcome)").check();
    await form.locator('#expires-at').fill('2099-12-31');
    await form.locator('#signed-on').fill('2026-01-15');
    done = await submitForm(page, page.locator('#save-consent'));
    assert.equal(done.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Consent recorded.');
    assert.match(await text(page.locator('#consents li').first()),
      /^In force · signed 2026-01-15, On paper · until the end of 2099-12-31 To: Test General ED \(fake\);/);
    await inspect(page, 'consents, one in force');

    done = await disclose();
    assert.equal(done.status, 200);
    assert.equal(await text(page.locator('#notice')),
      '42 CFR part 2 prohibits unauthorized use or disclosure of these records.');
    assert.match(await text(page.locator('#disclosed-referral')),
      /^Referral from Test General ED \(fake\): completed, reached_and_engaged; first contact /);
    assert.doesNotMatch(await text(page.locator('#disclosed')), /Met in the ED|confidence/, 'no contact goes out');
    await inspect(page, 'disclosed');
    await savePageScreenshot(page, 'staff-disclosed-phone.png', PHONE);

    await page.goto(`${BASE}${participantPath}/consents`);
    const rows = (await page.locator('#accounting tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    assert.equal(rows.length, 1, `one disclosure in the accounting: ${rows}`);
    assert.match(rows[0], /Test General ED \(fake\) whether the person was reached and engaged Telling the referring partner/);
    await savePageScreenshot(page, 'staff-consents-phone.png', PHONE);

    await page.locator('#consents details').first().evaluate((details) => details.open = true);
    done = await submitForm(page, page.getByRole('button', { name: 'Revoke' }));
    assert.equal(done.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Consent revoked. Nothing more goes out under it.');
    assert.match(await text(page.locator('#consents li').first()), /^Revoked/);
    done = await disclose();
    assert.equal(done.status, 403);
    assert.match(await text(page.locator('#disclosure-error')), /\(revoked_at\)$/);
    await inspect(page, 'consents, revoked');
    assertClean(guard);
    await context.close();

    // The ED's referrer reads on its referral what it was told, with the notice; the revocation
    // stops what would go out next, not what went out.
    const referrer = await signedIn('test.referrer');
    await referrer.page.goto(`${BASE}${referralPath}`);
    assert.equal(await text(referrer.page.locator('#referral-status')), 'Accepted');
    const told = referrer.page.locator('#referral-disclosed');
    assert.match(await shown(told.locator('dl.facts')),
      /^Status then Completed · Reached and engaged First contact Today, .* Told Today, /);
    assert.equal(await text(told.locator('.notice')),
      '42 CFR part 2 prohibits unauthorized use or disclosure of these records.');
    assert.doesNotMatch(await text(referrer.page.locator('main')), /Test Coach|Met in the ED/);
    assert.equal(await referrer.page.locator('#open-participant').count(), 0,
      'the referrer is not shown the way to the participant record');
    await inspect(referrer.page, 'referral, as the referrer told of it');
    await savePageScreenshot(referrer.page, 'staff-referral-told-phone.png', PHONE);
    assertClean(referrer.guard);
    await referrer.context.close();
  });

  test('referrals: axe-core finds no WCAG 2.2 A/AA violation and nothing scrolls sideways at 360 px', () => {
    assert.ok(found.length === 0, found.join('\n'));
  });
});
