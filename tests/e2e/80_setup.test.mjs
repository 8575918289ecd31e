// Setting a site up in the staff console, and a participant's programs, on a 360-pixel phone: the
// site admin adds a home-visiting program and a referring partner (a bad short id is refused next
// to its field, with what was typed kept), sets the program's on-call roster (a shift without a
// start is refused naming the shift and field; the saved roster is what the JSON API reads) and a
// coach's pager contacts (a bad e-mail address refused next to its field); a coach enrols a
// participant in home visiting (pregnancy status required, named next to its field) and
// discharges the episode (a last day before the first is refused next to its field). axe-core on
// every page on the way, no sideways scrolling, and the screenshots staff-setup-phone.png,
// staff-roster-phone.png, staff-users-phone.png and staff-enrolments-phone.png.
//
// run.mjs makes test.admin (site_admin at north), test.coach and test.supervisor (north). This
// file's program and partner ids (e2e-home, e2e-clinic) are its own; the participant is made by
// the coach through the JSON API with its session, as the console's "record the contact" would.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  BASE, PHONE, assertClean, axeViolations, formatViolations, horizontalOverflow, launchBrowser,
  openPage, savePageScreenshot, screenshotPath, staffSignIn, submitForm,
} from './lib.mjs';

const SITE = `${BASE}/staff/sites/north`;
const SETUP = `${SITE}/setup`;
const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();
// What a person reads (blocks apart).
const shown = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();
const byId = (page, id) => page.locator(`[id="${id}"]`);

// `day` (YYYY-MM-DD) plus `days`, as YYYY-MM-DD.
function addDays(day, days) {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

// Writes the page from the element `selector` down (at most 2000 pixels, 360 wide) to
// screenshotPath(name) and checks it is a PNG.
async function saveSectionScreenshot(page, selector, name) {
  await page.waitForLoadState('networkidle');
  const top = Math.max(0, Math.floor(await page.locator(selector).evaluate(
    (element) => element.getBoundingClientRect().top + window.scrollY)) - 16);
  const bottom = await page.evaluate(() => document.documentElement.scrollHeight);
  const file = screenshotPath(name);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled',
    clip: { x: 0, y: top, width: PHONE.width, height: Math.min(2000, bottom - top) } });
  const bytes = fs.readFileSync(file);
  assert.ok(bytes.length > 1000 && bytes.subarray(1, 4).toString() === 'PNG', `${file} is a PNG`);
}

describe('site setup and enrolments in the staff console', () => {
  let browser;
  const found = [];  // axe-core and overflow findings, reported by the last test

  before(async () => {
    browser = await launchBrowser();
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

  test('setup: the site admin adds a program and a partner, and sets the on-call roster', async () => {
    const { context, guard, page } = await signedIn('test.admin');
    await page.goto(SITE);
    await page.getByRole('link', { name: 'Programs, partners and on-call rosters' }).click();
    await page.waitForURL(SETUP);
    await inspect(page, 'setup page');

    // A short id that is not one: refused next to the field, the name kept.
    let program = page.locator('#program-form');
    await program.locator('#program-name').fill('Test Home Visiting (fake)');
    await program.locator('#program-id').fill('Home Visits!');
    await program.locator('#program-kind').selectOption('home_visiting');
    let done = await submitForm(page, page.locator('#add-program'));
    assert.equal(done.status, 422);
    assert.match(await text(page.locator('#program-error')), /\(id\)$/);
    assert.match(await text(page.locator('#program-id-error')), /^Short id: /);
    assert.equal(await page.locator('#program-id').getAttribute('aria-describedby'), 'program-id-error');
    assert.equal(await page.locator('#program-name').inputValue(), 'Test Home Visiting (fake)');
    assert.equal(await page.locator('#program-kind').inputValue(), 'home_visiting');
    await inspect(page, 'setup page, a refused program');

    program = page.locator('#program-form');
    await program.locator('#program-id').fill('e2e-home');
    done = await submitForm(page, page.locator('#add-program'));
    assert.equal(done.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Program added.');
    assert.equal(await shown(page.locator('#program-e2e-home')),
      'Test Home Visiting (fake) (e2e-home) Home visiting (maternal and family recovery) On-call roster of Test Home Visiting (fake)');

    const partner = page.locator('#partner-form');
    await partner.locator('#partner-name').fill('Test Prenatal Clinic (fake)');
    await partner.locator('#partner-id').fill('e2e-clinic');
    await partner.locator('#partner-kind').selectOption('clinic');
    done = await submitForm(page, page.locator('#add-partner'));
    assert.equal(done.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Referring partner added.');
    assert.equal(await shown(page.locator('#partner-e2e-clinic')),
      'Test Prenatal Clinic (fake) (e2e-clinic) Clinic (OB, primary care)');
    await inspect(page, 'setup page, with a program and a partner');
    await savePageScreenshot(page, 'staff-setup-phone.png', PHONE);

    // The roster: two blank shifts to start with.
    await page.locator('#roster-e2e-home').click();
    await page.waitForURL(`${SETUP}/programs/e2e-home/roster`);
    assert.equal(await text(page.locator('h1')), 'On call: Test Home Visiting (fake)');
    assert.equal(await page.locator('fieldset.shift').count(), 2);
    await inspect(page, 'roster, empty');
    await page.locator('#user-0').selectOption({ label: 'Test Coach' });
    await page.locator('#weekday-0').selectOption('monday');
    await page.locator('#start-0').fill('22:00');
    await page.locator('#end-0').fill('08:00');
    await page.locator('#rank-0').fill('1');
    await page.locator('#user-1').selectOption({ label: 'Test Supervisor' });
    await page.locator('#weekday-1').selectOption('monday');
    await page.locator('#end-1').fill('08:00');
    await page.locator('#rank-1').fill('2');
    done = await submitForm(page, page.locator('#save-roster'));
    assert.equal(done.status, 422, 'a shift without a start is refused');
    assert.equal(await text(page.locator('#form-error')),
      'Not saved: Shift 2, start: give the time it starts, HH:MM (00:00 to 23:59)');
    assert.match(await text(page.locator('#start-1-error')), /^From: give the time it starts/);
    assert.equal(await page.locator('#start-1').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#end-0').inputValue(), '08:00', 'what was typed is kept');
    await inspect(page, 'roster, refused');

    await page.locator('#start-1').fill('22:00');
    done = await submitForm(page, page.locator('#save-roster'));
    assert.equal(done.status, 303);
    assert.equal(await text(page.locator('#flash')), 'On-call roster saved.');
    assert.equal(await page.locator('fieldset.shift').count(), 4, 'the two shifts and two blank lines');
    assert.equal(await page.locator('#user-0 option:checked').textContent(), 'Test Coach');
    assert.equal(await page.locator('#start-0').inputValue(), '22:00');
    assert.equal(await page.locator('#end-0').inputValue(), '08:00');
    await inspect(page, 'roster, saved');
    await savePageScreenshot(page, 'staff-roster-phone.png', PHONE);

    // The JSON API reads the same roster (a night shift of 10 hours, by rank).
    const roster = await page.request.get(`${BASE}/api/v1/sites/north/programs/e2e-home/roster`);
    assert.equal(roster.status(), 200);
    assert.deepEqual((await roster.json()).shifts.map((s) => [s.user, s.weekday, s.start, s.duration_minutes, s.rank]),
      [['test.coach', 'monday', '22:00', 600, 1], ['test.supervisor', 'monday', '22:00', 600, 2]]);

    // Removing a shift.
    await page.locator('[name=remove_1]').check();
    done = await submitForm(page, page.locator('#save-roster'));
    assert.equal(done.status, 303);
    assert.equal(await page.locator('fieldset.shift').count(), 3);
    const left = await (await page.request.get(`${BASE}/api/v1/sites/north/programs/e2e-home/roster`)).json();
    assert.deepEqual(left.shifts.map((s) => s.user), ['test.coach']);
    assertClean(guard);
    await context.close();
  });

  test('setup: the site admin sets a coach\'s pager contacts', async () => {
    const { context, guard, page } = await signedIn('test.admin');
    await page.goto(`${SITE}/users`);
    const row = byId(page, 'user-test.coach');
    await row.locator('summary').click();
    let form = byId(page, 'contact-test.coach');
    await form.getByLabel('Work e-mail').fill('not an address');
    await form.getByLabel(/^Mobile number/).fill('+1 806 555 0101');
    // The browser would refuse the address itself (type=email): send the form as it is typed.
    await form.evaluate((element) => element.setAttribute('novalidate', ''));
    let done = await submitForm(page, byId(page, 'save-contact-test.coach'));
    assert.equal(done.status, 422);
    form = byId(page, 'contact-test.coach');
    const email = form.getByLabel('Work e-mail');
    const describedBy = await email.getAttribute('aria-describedby');
    assert.match(await text(byId(page, describedBy)), /^Work e-mail: /);
    assert.match(await text(page.locator('#form-error')), /Test Coach were not saved: .*\(email\)$/);
    assert.equal(await form.getByLabel(/^Mobile number/).inputValue(), '+1 806 555 0101');
    await inspect(page, 'staff, refused pager contacts');

    await email.fill('test.coach@example.org');
    done = await submitForm(page, byId(page, 'save-contact-test.coach'));
    assert.equal(done.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Pager contacts saved.');
    assert.equal(await text(byId(page, 'pager-test.coach')), 'Paged at: test.coach@example.org · +18065550101');
    await inspect(page, 'staff');
    await savePageScreenshot(page, 'staff-users-phone.png', PHONE);
    assertClean(guard);
    await context.close();
  });

  test('enrolments: a coach enrols a participant in home visiting and discharges the episode', async () => {
    const { context, guard, page } = await signedIn('test.coach');
    await page.goto(SITE);
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const made = await page.request.post(`${BASE}/api/v1/sites/north/participants`, {
      headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      data: { first_name: 'Fakemom', last_name: 'Testperson' },
    });
    assert.equal(made.status(), 201, await made.text());
    const participant = `${SITE}/participants/${(await made.json()).id}`;
    await page.goto(participant);
    assert.equal(await text(page.locator('h1')), 'Fakemom Testperson');
    assert.equal(await text(page.locator('#episodes')), '');
    await page.locator('#enrol-details summary').click();
    await inspect(page, 'participant, enrol form open');

    // The server's today (the form's default first day), for the dates below.
    const today = await page.locator('#enrol-started-on').inputValue();
    assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
    await page.locator('#enrol-program').selectOption('e2e-home');
    await page.locator('#children-under-six').fill('1');
    let done = await submitForm(page, page.locator('#enrol'));
    assert.equal(done.status, 422, 'home visiting needs the pregnancy status');
    assert.match(await text(page.locator('#pregnancy-error')), /^Pregnancy: choose one for a home-visiting enrolment$/);
    assert.equal(await page.locator('#enrol-program').inputValue(), 'e2e-home', 'what was chosen is kept');
    assert.equal(await page.locator('#children-under-six').inputValue(), '1');
    await inspect(page, 'participant, refused enrolment');

    await page.getByLabel('Pregnant', { exact: true }).check();
    const due = addDays(today, 90);
    await page.locator('#due-date').fill(due);
    done = await submitForm(page, page.locator('#enrol'));
    assert.equal(done.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Enrolled.');
    const episode = page.locator('#episodes li').first();
    const lines = async (item) => (await item.locator(':scope > p').allInnerTexts()).map((line) => line.trim());
    const [name, since, home] = await lines(episode);
    assert.equal(name, 'Test Home Visiting (fake) Enrolled');
    assert.match(since, /^Since \w+ \d+, \d{4}$/);
    assert.match(home, /^Pregnant, due \w+ \d+, \d{4} · children under six: 1$/);
    await inspect(page, 'participant, enrolled');

    // A last day before the first: refused next to the field.
    await episode.locator('summary').click();
    await episode.getByLabel('Last day').evaluate((input, day) => { input.removeAttribute('min'); input.value = day; },
      addDays(today, -1));
    await episode.getByLabel('Why it ends').selectOption('completed');
    done = await submitForm(page, episode.getByRole('button', { name: 'Discharge (the episode is kept)' }));
    assert.equal(done.status, 422);
    const refused = page.locator('#episodes li').first();
    assert.match(await text(refused.locator('.field-error')), /^Last day: must not be before the enrolment started$/);
    assert.equal(await refused.getByLabel('Why it ends').inputValue(), 'completed');
    await inspect(page, 'participant, refused discharge');

    await refused.getByLabel('Last day').fill(today);
    done = await submitForm(page, refused.getByRole('button', { name: 'Discharge (the episode is kept)' }));
    assert.equal(done.status, 303);
    assert.equal(await text(page.locator('#flash')), 'Discharged. The episode is kept.');
    const [closedName, closedSince] = await lines(page.locator('#episodes li').first());
    assert.equal(closedName, 'Test Home Visiting (fake)', 'no longer enrolled');
    assert.match(closedSince, /^Since \w+ \d+, \d{4} · discharged \w+ \d+, \d{4}: Completed the program$/);
    await inspect(page, 'participant, discharged');
    // The page's Programs section, with the enrol form open (the page above it is the contact form).
    await page.locator('#enrol-details summary').click();
    await saveSectionScreenshot(page, '#programs', 'staff-enrolments-phone.png');

    // The JSON API has the same episode.
    const record = await (await page.request.get(`${BASE}/api/v1/sites/north/participants/${participant.split('/').pop()}`)).json();
    assert.deepEqual(record.enrolments.map((e) => [e.program, e.pregnancy_status, e.due_date, e.children_under_six,
      e.discharge_reason, e.discharged_on]), [['e2e-home', 'pregnant', due, 1, 'completed', today]]);
    assertClean(guard);
    await context.close();
  });

  test('setup: a site admin reads no participant; a coach cannot set a site up', async () => {
    const admin = await signedIn('test.admin');
    const page = await admin.page.goto(`${SITE}/caseload`);
    assert.equal(page.status(), 403);
    assertClean(admin.guard);
    await admin.context.close();
    const coach = await signedIn('test.coach');
    assert.equal((await coach.page.goto(SETUP)).status(), 403);
    await coach.page.goto(SITE);
    assert.equal(await coach.page.getByRole('link', { name: 'Programs, partners and on-call rosters' }).count(), 0);
    assertClean(coach.guard);
    await coach.context.close();
  });

  test('setup: axe-core finds no WCAG 2.2 A/AA violation and nothing scrolls sideways at 360 px', () => {
    assert.ok(found.length === 0, found.join('\n'));
  });
});
