/// <reference lib="dom" />
// A person's path through the pages, in a real browser: console, mailbox, signing page.
import { createHash } from 'node:crypto';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, onboardingRequest, startServer, type LocalServer } from '../support/local-server.js';
import { inviteUser, poolAdmin } from '../../cli/admin.js';
import { totpCode } from '../../local/services/totp.js';
import { launchChromium } from './browser.js';

const ARTEFACTS = 'test-results/e2e';
mkdirSync(ARTEFACTS, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: LocalServer;
let client: Client;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  client = new Client(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function axeViolations(page: Page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const results = await (
      window as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe.run();
    // each rule broken, how often, and where first
    return results.violations.map((v) => `${v.id} (${v.nodes.length}) at ${v.nodes[0]?.target.join(' ')}`);
  });
}

type Person = { name: string; email: string; password: string; totpSecret: string };
const people = () =>
  (server.credentials as unknown as { signIn: { people: Record<'officer' | 'approver' | 'auditor', Person> } }).signIn
    .people;

const localNow = () => new Client(server).now();

/** Signs in through the user pool's hosted UI, as a person does: email and password, then back to the console. */
async function signInConsole(page: Page, role: 'officer' | 'approver' | 'auditor' = 'officer') {
  const person = people()[role];
  await page.goto(`${server.url}/console`);
  await page.click('#sign-in');
  await page.fill('#email', person.email);
  await page.fill('#password', person.password);
  await page.click('button[type=submit]');
  // the second factor: the code their authenticator app shows now (on the local clock)
  await page.fill('#code', totpCode(person.totpSecret, await localNow()));
  await page.click('button[type=submit]');
  await page.waitForSelector(`#who:has-text("${person.name}")`);
}

async function signOutConsole(page: Page) {
  await page.click('#sign-out');
  await page.click('button[name=logout][value=yes]'); // the hosted UI asks to confirm
  await page.waitForSelector('#login-message:has-text("You are signed out")');
}

type StartRequest = ReturnType<typeof onboardingRequest>;

/** Fills the guided "New onboarding" form as an officer does, field by field, adding signatory rows as needed. */
async function fillOnboardingForm(page: Page, request: StartRequest) {
  const field = (path: string) => page.locator(`[data-path="${path}"]`);
  const { company, signatories, scope } = request;
  await field('company.legalName').fill(company.legalName);
  await field('company.country').selectOption(company.country);
  await field('company.sector').selectOption(company.sector);
  for (const [index, signer] of signatories.entries()) {
    if (index > 0) await page.click('button:text-is("Add a signatory")');
    await field(`signatories.${index}.name`).fill(signer.name);
    await field(`signatories.${index}.email`).fill(signer.email);
    await field(`signatories.${index}.title`).fill(signer.title);
  }
  for (const category of scope.dataCategories)
    await page.check(`input[name="scope.dataCategories"][value="${category}"]`);
  for (const purpose of scope.purposes) await page.check(`input[name="scope.purposes"][value="${purpose}"]`);
  await page.check(`input[name="scope.direction"][value="${scope.direction}"]`);
}

describe('an officer and the signers, in the browser', () => {
  it('start an onboarding in the console, sign from the mailbox, see it ACTIVE, then change it', async () => {
    const page = await browser.newPage();
    await signInConsole(page);
    await page.click('nav a[href="/console/new"]');
    const request = onboardingRequest({
      company: { legalName: 'Browser Telecom GmbH', country: 'DE', sector: 'telecom', people: [] },
      signatories: [{ name: 'Bea Browser', email: 'bea@browser.example', title: 'CEO' }],
    });
    await fillOnboardingForm(page, request);
    await page.click('#view form button[type=submit]');
    await page.waitForSelector('h1:has-text("Browser Telecom GmbH")');

    for (const [email, name] of [
      ['bea@browser.example', 'Bea Browser'],
      ['legal@liaison.local', 'Head of Legal Affairs'],
    ]) {
      await client.signingLink(email); // the email has arrived
      await page.goto(`${server.url}/console/mail`);
      await page.click(`a:has-text("Please sign"):near(:text("${email}"))`);
      await page.click('a:has-text("Open the signing link")');
      await page.waitForSelector('h1:has-text("Data-sharing agreement with Browser Telecom GmbH")');
      await page.screenshot({ path: `${ARTEFACTS}/signing-page-${email.split('@')[0]}.png`, fullPage: true });
      await page.fill('#fullName', name);
      await page.check('#consent');
      await page.click('button:has-text("Sign the agreement")');
      await page.waitForSelector('h1:has-text("your signature is recorded")');
    }
    await page.goto(`${server.url}/console`);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('tr:has-text("Browser Telecom GmbH")').innerText();
        },
        { timeout: 15_000 },
      )
      .toContain('ACTIVE');
    await page.click('a:has-text("Browser Telecom GmbH")');
    await page.waitForSelector('h2:has-text("Vetting: CLEAR")');
    // what each signer typed is what the console shows
    await page.waitForSelector('li:has-text("Bea Browser (company) signed as “Bea Browser”")');
    await page.screenshot({ path: `${ARTEFACTS}/console-onboarding.png`, fullPage: true });

    // the agreement's actions are buttons an officer can use
    await page.click('h2 a[href^="/console/agreements/"]');
    const actions = page.locator('section:has(h2:text-is("Actions"))');
    await expect.poll(() => actions.locator('button').allInnerTexts()).toEqual(['Suspend', 'Revoke', 'Renew']);
    expect(await actions.innerText()).not.toContain('[object');
    const agreementId = page.url().split('/').pop()!;
    const statusNow = async () => (await client.api('GET', `/api/agreements/${agreementId}`)).body.status;
    // no reason: the field says so, and nothing is asked or done
    await actions.locator('button:text-is("Suspend")').click();
    await page.waitForSelector('#status:has-text("Give the reason to suspend")');
    expect(await page.locator('#reason').getAttribute('aria-invalid')).toBe('true');
    // a reason, then a change of mind at the confirmation: still nothing done
    await page.fill('#reason', 'checked in the browser test');
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      return dialog.dismiss();
    });
    await actions.locator('button:text-is("Suspend")').click();
    await expect
      .poll(() => asked)
      .toEqual([expect.stringContaining('Suspend the agreement with Browser Telecom GmbH?')]);
    expect(await statusNow()).toBe('ACTIVE');
    page.once('dialog', (dialog) => dialog.accept());
    await actions.locator('button:text-is("Suspend")').click();
    await page.waitForSelector('h1:has-text("Browser Telecom GmbH: SUSPENDED")');
    expect(await actions.locator('button').allInnerTexts()).toEqual(['Reinstate', 'Revoke', 'Renew']);
    await page.fill('#reason', 'checked: reinstated');
    page.once('dialog', (dialog) => dialog.accept());
    await actions.locator('button:text-is("Reinstate")').click();
    await page.waitForSelector('h1:has-text("Browser Telecom GmbH: ACTIVE")');
    expect(await page.locator('section:has(h2:text-is("Access decisions"))').innerText()).toContain(
      'No access check has asked about this partner yet.',
    );
    expect(await page.locator('section:has(h2:has-text("Audit trail"))').innerText()).toContain(
      'checked in the browser test',
    );
    // the documents: read here, and the executed PDF downloads
    await page.click('button:text-is("Read the agreement here")');
    await expect
      .poll(() => page.frameLocator('section:has(h2:text-is("Documents")) iframe').locator('h1').innerText())
      .toContain('Browser Telecom GmbH');
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:text-is("Download the executed PDF")'),
    ]);
    expect(pdf.suggestedFilename()).toBe(`${agreementId}.pdf`);
    // renew, with a reason: the new onboarding opens, and its history says why
    await page.fill('#reason', 'same scope for two more years');
    page.once('dialog', (dialog) => dialog.accept());
    await actions.locator('button:text-is("Renew")').click();
    await page.waitForSelector(`section:has(h2:text-is("History")) td:has-text("renews ${agreementId}: same scope")`);
    // revoked for good: no action is offered any more
    await page.goto(`${server.url}/console/agreements/${agreementId}`);
    await page.fill('#reason', 'ended in the browser test');
    page.once('dialog', (dialog) => dialog.accept());
    await actions.locator('button:text-is("Revoke")').click();
    await page.waitForSelector('h1:has-text("Browser Telecom GmbH: REVOKED")');
    expect(await actions.count()).toBe(0);
    // the agreements list: a status filter and a search, both over every agreement
    await page.goto(`${server.url}/console/agreements`);
    await page.selectOption('#agreement-status', 'REVOKED');
    await page.waitForURL(/status=REVOKED/);
    await page.fill('#agreement-search', 'browser tele');
    await page.waitForURL(/company=browser/);
    await expect
      .poll(() => page.locator('#view tbody tr').allInnerTexts())
      .toEqual([expect.stringContaining('Browser Telecom GmbH')]);

    // the mailbox shows the executed copy attached, and opens it
    await page.goto(`${server.url}/console/mail`);
    await page.click(
      'a:has-text("Agreement with Browser Telecom GmbH is now in force"):near(:text("bea@browser.example"))',
    );
    const attachment = page.locator('a:has-text(".pdf")');
    const opened = await page.request.get(new URL((await attachment.getAttribute('href'))!, server.url).toString());
    expect(opened.headers()['content-type']).toBe('application/pdf');
    expect((await opened.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  const guided =
    'guides a new onboarding: choices, each problem at its field, a preview, a duplicate warning, one start';
  it(guided, async () => {
    const started = async (legalName: string) => {
      const { body } = await client.api('GET', '/api/onboardings?limit=100');
      return (body.items as { company: { legalName: string } }[]).filter((o) => o.company.legalName === legalName);
    };
    const company = { legalName: 'Guided Telecom AG', country: 'CH', sector: 'telecom', people: [] };
    const existing = await client.api('POST', '/api/onboardings', { body: onboardingRequest({ company }) });
    const page = await browser.newPage({ bypassCSP: true }); // for axe, which the console's policy would refuse
    await signInConsole(page);
    await page.click('nav a[href="/console/new"]');
    const field = (path: string) => page.locator(`[data-path="${path}"]`);

    // the closed vocabularies are choices, in words
    expect(await field('company.sector').locator('option').allInnerTexts()).toContain('Telecommunications');
    expect(await page.locator('input[name="scope.dataCategories"]').count()).toBe(6);
    expect(await field('company.country').locator('option[value="CH"]').innerText()).toBe('Switzerland (CH)');

    // sent empty: the error summary takes focus, each problem a link to its field, the fields marked
    await page.click('#view form button[type=submit]');
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
    const problems = (await summary.locator('li').allInnerTexts()).map((p) => p.split(':')[0]);
    for (const named of ['Legal name', 'Country of registration', 'Sector', 'Signatory 1, Full name'])
      expect(problems).toContain(named);
    for (const named of ['Signatory 1, Email', 'Data categories', 'Purposes', 'Direction'])
      expect(problems).toContain(named);
    expect(await field('company.legalName').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[data-field="company.legalName"] .field-error').textContent()).toMatch(/^Error: \S/);
    await summary.locator('a', { hasText: 'Legal name' }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.path)).toBe('company.legalName');
    expect(await axeViolations(page)).toEqual([]);
    expect(await started('')).toEqual([]);

    // the same company in progress, written another way: warned, with a link to it
    const request = onboardingRequest({ company: { ...company, legalName: 'GUIDED telecom ag.' } });
    await fillOnboardingForm(page, request);
    const warning = page.locator('.warning a:has-text("Guided Telecom AG")');
    await warning.waitFor();
    expect(await warning.getAttribute('href')).toBe(`/console/onboardings/${existing.body.onboardingId}`);

    // a wrong LEI is named next to its field, and the preview waits for it
    await field('company.lei').fill('529900NORDLICHT0TK21');
    await page.click('button:text-is("Preview the agreement")');
    await page.locator('[data-field="company.lei"] .field-error').waitFor();
    expect(await summary.innerText()).toContain('LEI (optional): check digits do not match');
    await field('company.lei').fill('');
    await page.click('button:text-is("Preview the agreement")');
    const agreement = page.frameLocator('.preview iframe').locator('body');
    await expect.poll(() => agreement.innerText()).toContain('GUIDED telecom ag.');
    expect(await page.locator('.preview').innerText()).toContain('Nothing has been sent');
    expect(await summary.isVisible()).toBe(false);
    expect(await started('GUIDED telecom ag.')).toEqual([]);

    // signatories are added and removed; the last one cannot be
    await page.click('button:text-is("Add a signatory")');
    expect(await page.locator('[data-path="signatories"] .row').count()).toBe(2);
    await page.locator('[data-path="signatories"] .row').nth(1).locator('button.remove').click();
    expect(await page.locator('[data-path="signatories"] .row button.remove').isDisabled()).toBe(true);

    // a double click starts one onboarding
    await page.dblclick('#view form button[type=submit]');
    await page.waitForSelector('h1:has-text("GUIDED telecom ag.")');
    expect(await started('GUIDED telecom ag.')).toHaveLength(1);
    await page.close();
  });

  it('shows a used link as used, and records nothing', async () => {
    await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Used Link Ltd', country: 'IE', sector: 'isp', people: [] },
        signatories: [{ name: 'Una Used', email: 'una@used.example', title: 'CEO' }],
      }),
    });
    const link = await client.signingLink('una@used.example');
    const page = await browser.newPage();
    await page.goto(link);
    await page.fill('#fullName', 'Una Used');
    await page.check('#consent');
    await page.click('button:has-text("Sign the agreement")');
    await page.waitForSelector('h1:has-text("your signature is recorded")');
    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    expect(await page.locator('h1').innerText()).toBe('This link has already been used');
    await page.screenshot({ path: `${ARTEFACTS}/used-link.png` });
    await page.close();
  });

  it('lets a signer decline with a reason, without JavaScript', async () => {
    await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Decline Corp', country: 'BE', sector: 'platform', people: [] },
        signatories: [{ name: 'Dirk Decline', email: 'dirk@decline.example', title: 'CEO' }],
      }),
    });
    const link = await client.signingLink('dirk@decline.example');
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link);
    await page.fill('#reason', 'We need our DPO to review clause 5 first.');
    await page.click('button:has-text("Decline to sign")');
    await page.waitForSelector('h1:has-text("You declined to sign")');
    await context.close();
    const notice = await client.waitForMail(
      (m) =>
        m.subject === 'Agreement with Decline Corp was declined' ||
        (m.subject.includes('Decline Corp') && m.subject.includes('declined')),
    );
    expect(notice.text).toContain('clause 5');
  });

  it('lets the officer resend a link, and remind a signer now, from the console', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Resend Browser BV', country: 'NL', sector: 'isp', people: [] },
        signatories: [{ name: 'Rik Resend', email: 'rik@resend.example', title: 'CEO' }],
      }),
    });
    const first = await client.signingLink('rik@resend.example');
    const page = await browser.newPage();
    await signInConsole(page);
    await page.goto(`${server.url}/console/onboardings/${body.onboardingId}`);
    await page.click('button:has-text("Resend link")');
    await page.waitForSelector('#status:has-text("New link sent to rik@resend.example")');
    const second = await client.nthSigningLink('rik@resend.example', 2);
    expect(second).not.toBe(first);
    expect((await fetch(first)).status).toBe(410);
    // a reminder now: a third link, the second stops working, and the table counts it
    await page.click('button:has-text("Remind now")');
    await page.waitForSelector('#status:has-text("Reminder sent to rik@resend.example")');
    const third = await client.reminderLink('rik@resend.example');
    expect((await fetch(second)).status).toBe(410);
    expect((await fetch(third)).status).toBe(200);
    await page.waitForSelector('td:has-text("1 reminder")');
    await page.screenshot({ path: `${ARTEFACTS}/console-resend.png`, fullPage: true });
    await page.close();
  });

  it("updates an onboarding page on its own as people sign, with times in the reader's zone", async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Live Page Oy', country: 'FI', sector: 'isp', people: [] },
        signatories: [{ name: 'Lea Live', email: 'lea@live.example', title: 'CEO' }],
      }),
    });
    const context = await browser.newContext({ timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    const page = await context.newPage();
    await signInConsole(page);
    await page.goto(`${server.url}/console/onboardings/${body.onboardingId}`);
    await page.waitForSelector('p:has-text("Status: AWAITING_SIGNATURES")');
    await client.sign(await client.signingLink('lea@live.example'), 'Lea Live');
    await client.sign(await client.signingLink('legal@liaison.local', 'Live Page Oy'), 'Head of Legal Affairs');
    // no reload: the page looks again by itself
    await page.waitForSelector('p:has-text("Status: ACTIVE")', { timeout: 30_000 });
    const first = page.locator('#view time').first();
    expect(await first.innerText()).toContain('GMT+9');
    expect(Date.parse((await first.getAttribute('datetime'))!)).not.toBeNaN();
    await context.close();
  });

  it('lays the console out without words broken at 1366 px and without sideways scrolling at 390 px', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: {
          legalName: 'Layout Telecommunications International GmbH',
          country: 'DE',
          sector: 'telecom',
          people: [],
        },
      }),
    });
    const onboarding = await client.waitForStatus(body.onboardingId, 'AWAITING_SIGNATURES');
    const signing = new URL(
      await client.signingLink('anna@nordlicht.example', 'Layout Telecommunications International GmbH'),
    ).pathname;
    const mail = (await client.mailbox())[0].id;
    // every page type: the console's, the mailbox and a message in it, and the signing page
    const pages = [
      '/console',
      '/console/new',
      `/console/onboardings/${body.onboardingId}`,
      '/console/agreements',
      `/console/agreements/${onboarding.agreement.agreementId}`,
      '/console/report',
      '/console/decisions',
      '/console/mail',
      `/console/mail/${mail}`,
      signing,
    ];
    /** Words the browser split over two lines, other than after a hyphen (where a line may end). */
    const brokenWords = (page: Page) =>
      page.evaluate(() => {
        const broken: string[] = [];
        const walker = document.createTreeWalker(document.getElementById('view')!, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const word of (node.textContent ?? '').matchAll(/[^\s-]+/g)) {
            const range = document.createRange();
            range.setStart(node, word.index!);
            range.setEnd(node, word.index! + word[0].length);
            const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
            if (tops.size > 1 && word[0].length < 30) broken.push(word[0]);
          }
        }
        return broken;
      });
    for (const [width, height] of [
      [1366, 768],
      [390, 844],
    ]) {
      const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true }); // for axe
      const page = await context.newPage();
      await signInConsole(page);
      for (const path of pages) {
        await page.goto(`${server.url}${path}`);
        await page.waitForSelector(path.startsWith('/console') ? '#view h1' : 'h1');
        const sideways = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(sideways, `${path} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
        if (width === 1366 && path.startsWith('/console'))
          expect(await brokenWords(page), `${path} at ${width} px`).toEqual([]);
        expect(await axeViolations(page), `axe on ${path} at ${width} px`).toEqual([]);
      }
      await context.close();
    }
  });

  it('shows a dashboard: counts per status, a search by company, a status filter, progress in words', async () => {
    await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Dashboard Datacom AB', country: 'SE', sector: 'isp', people: [] },
        signatories: [
          { name: 'Dag Dash', email: 'dag@dash.example', title: 'CEO' },
          { name: 'Dora Dash', email: 'dora@dash.example', title: 'CFO' },
        ],
      }),
    });
    await client.sign(await client.signingLink('dag@dash.example'), 'Dag Dash');
    await client.signingLink('dora@dash.example');
    const context = await browser.newContext({ bypassCSP: true }); // only to inject axe
    const page = await context.newPage();
    await signInConsole(page);
    await page.fill('#company-search', 'datacom');
    // the search is the server's, over every onboarding, and the address keeps it
    await page.waitForURL(/company=datacom/);
    const rows = page.locator('#view tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('1 of 3 signed · waiting on Dora Dash since ');
    expect(await page.locator('#status-counts').innerText()).toMatch(/AWAITING_SIGNATURES \d+/);
    await page.selectOption('#status-filter', 'ACTIVE');
    await page.waitForURL(/status=ACTIVE/);
    await expect
      .poll(() => page.locator('#view tbody tr').allInnerTexts())
      .not.toContainEqual(expect.stringContaining('Dashboard Datacom AB'));
    expect(await page.locator('#expiring h2').innerText()).toBe('Agreements expiring within 90 days');
    expect(await page.locator('#expiring h3').allInnerTexts()).toEqual([
      expect.stringMatching(/^Within 7 days \(\d+\)$/),
      expect.stringMatching(/^In 8 to 30 days \(\d+\)$/),
      expect.stringMatching(/^In 31 to 90 days \(\d+\)$/),
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("lets the officer give a signer's slot to another person", async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Replace Browser BV', country: 'NL', sector: 'isp', people: [] },
        signatories: [{ name: 'Ria Wrong', email: 'ria@wrong.example', title: 'CEO' }],
      }),
    });
    const first = await client.signingLink('ria@wrong.example');
    const page = await browser.newPage();
    await signInConsole(page);
    await page.goto(`${server.url}/console/onboardings/${body.onboardingId}`);
    await page.fill('#replace-name', 'Ria Right');
    await page.fill('#replace-email', 'ria@right.example');
    await page.fill('#replace-title', 'CEO');
    await page.fill('#replace-reason', 'the address had a typo');
    await page.click('#replace');
    await page.waitForSelector('#status:has-text("Signer replaced: ria@right.example gets the link")');
    expect((await fetch(first)).status).toBe(410);
    expect(await client.signingLink('ria@right.example')).toMatch(/\/sign\//);
    expect(await page.locator('#view').innerText()).toContain('Ria Right <ria@right.example>');
    await page.close();
  });

  it('lets the officer withdraw an onboarding with a reason, after confirming', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Withdraw Browser BV', country: 'NL', sector: 'isp', people: [] },
        signatories: [{ name: 'Wim Withdraw', email: 'wim@withdraw.example', title: 'CEO' }],
      }),
    });
    const link = await client.signingLink('wim@withdraw.example');
    const page = await browser.newPage();
    await signInConsole(page);
    await page.goto(`${server.url}/console/onboardings/${body.onboardingId}`);
    await page.click('#withdraw'); // the browser asks for the reason first: nothing is sent without one
    expect(await page.locator('#withdraw-reason:invalid').count()).toBe(1);
    expect((await client.api('GET', `/api/onboardings/${body.onboardingId}`)).body.status).toBe('AWAITING_SIGNATURES');
    await page.fill('#withdraw-reason', 'sent to the wrong company');
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.click('#withdraw');
    await page.waitForSelector('p:has-text("Status: WITHDRAWN")');
    expect(dialogs[0]).toContain('Withdraw the onboarding of Withdraw Browser BV?');
    expect((await fetch(link)).status).toBe(410);
    expect(await page.locator('#withdraw').count()).toBe(0);
    await page.close();
  });

  it('fits a phone screen and has no accessibility violations', async () => {
    await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Phone Mobile SA', country: 'LU', sector: 'telecom', people: [] },
        signatories: [{ name: 'Paula Phone', email: 'paula@phone.example', title: 'CEO' }],
      }),
    });
    const link = await client.signingLink('paula@phone.example');
    // CSP bypass only to inject axe
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, bypassCSP: true });
    const page = await context.newPage();
    const response = await page.goto(link);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTEFACTS}/signing-page-phone.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    // the agreement reads as the page itself: nothing on it scrolls inside a box of its own
    const scrollBoxes = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('body *')).filter(
          (e) => /auto|scroll/.test(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight + 1,
        ).length,
    );
    expect(scrollBoxes).toBe(0);
    // a table of contents leads to each clause
    const clauses = page.locator('nav a[href^="#clause-"]');
    expect(await clauses.count()).toBeGreaterThanOrEqual(5);
    await clauses.nth(2).click();
    expect(await page.locator('#clause-3').isVisible()).toBe(true);
    // a failed submit: the error summary is first on the page and has focus; each problem links to its field
    await page.fill('#fullName', 'Mickey Mouse');
    await page.click('button:has-text("Sign the agreement")');
    await page.waitForSelector('.error-summary');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    expect((await page.locator('.error-summary').boundingBox())!.y).toBeLessThan(200);
    expect(
      await page.locator('.error-summary a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ).toEqual(['#fullName', '#consent']);
    expect(await page.locator('#fullName').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#fullName').inputValue()).toBe('Mickey Mouse'); // what was typed is kept
    expect(await page.title()).toMatch(/^Error: /);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${server.url}/sign/${'x'.repeat(43)}`);
    expect(await axeViolations(page)).toEqual([]);
    // the emails as a mail client shows their HTML: one of each kind sent so far (by the subject's first words)
    const kinds = new Map<string, string>();
    for (const m of await client.mailbox()) kinds.set(m.subject.split(/ (?:with|of|for) /)[0], m.id);
    expect(kinds.size).toBeGreaterThanOrEqual(1);
    for (const [kind, id] of kinds) {
      await page.setContent((await client.message(id)).html);
      expect(await axeViolations(page), `axe on the email "${kind}…"`).toEqual([]);
    }
    await context.close();
  });

  it('signs the officer in to start an onboarding, out again, and the approver in to decide its gate', async () => {
    const page = await browser.newPage();
    await signInConsole(page, 'officer');
    await page.click('nav a[href="/console/new"]');
    const request = onboardingRequest({
      company: { legalName: 'Two People GmbH', country: 'DE', sector: 'telecom', people: [] },
      signatories: [{ name: 'Tim Two', email: 'tim@two.example', title: 'CEO' }],
      scope: { ...onboardingRequest().scope, dataCategories: ['subscriber'] },
    });
    await fillOnboardingForm(page, request);
    await page.click('#view form button[type=submit]');
    await page.waitForSelector('h1:has-text("Two People GmbH")');
    const onboardingUrl = page.url();
    await signOutConsole(page);

    await signInConsole(page, 'approver');
    await page.goto(onboardingUrl);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('h2:has-text("Review (data-protection)")').count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    await page.fill('#review-reason', 'subscriber data only, retention proportionate');
    await page.click('button:has-text("Approve")');
    await page.waitForSelector('#status:has-text("Decision recorded")');
    const history = await page.locator('section:has(h2:text-is("History"))').innerText();
    expect(history).toContain('started by Olu Officer <olu.officer@liaison.local>');
    expect(history).toContain('Ana Approver <ana.approver@liaison.local>: subscriber data only');
    // each role sees only its actions: the approver starts nothing
    expect(await page.locator('nav a[href="/console/new"]').isVisible()).toBe(false);
    await signOutConsole(page);

    // the auditor reads everything and is offered no action at all
    await signInConsole(page, 'auditor');
    await page.goto(onboardingUrl);
    await page.waitForSelector('h2:text-is("History")');
    // the auditor reads and downloads the documents, and is offered nothing that acts
    const acting = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('#view button')).filter(
          (b) => b.closest('section')?.querySelector('h2')?.textContent !== 'Documents',
        ).length,
    );
    expect(acting).toBe(0);
    expect(await page.locator('section:has(h2:text-is("Documents")) button').count()).toBeGreaterThan(0);
    expect(await page.locator('nav a[href="/console/new"]').isVisible()).toBe(false);
    await signOutConsole(page);
    await page.close();
  });

  it('takes an invited person through the first sign-in: their own password, then an authenticator', async () => {
    const email = 'ida.invited@liaison.local';
    await inviteUser(await poolAdmin(server.url, server.dataDir), { email, name: 'Ida Invited', groups: ['auditor'] });
    const { messages } = await (await fetch(`${server.url}/mail`)).json();
    const invitation = await (
      await fetch(`${server.url}/mail/${messages.find((m: { to: string[] }) => m.to.includes(email)).id}`)
    ).json();
    const temporary = invitation.html.match(/temporary password <b>([^<]+)<\/b>/)[1];

    const page = await browser.newPage();
    await page.goto(`${server.url}/console`);
    await page.click('#sign-in');
    await page.fill('#email', email);
    await page.fill('#password', temporary);
    await page.click('button[type=submit]');
    await page.fill('#new-password', 'Idas-Own-Passphrase-42');
    await page.fill('#confirm-password', 'Idas-Own-Passphrase-42');
    await page.click('button[type=submit]');
    const secret = await page.locator('#totp-secret').getAttribute('data-secret');
    expect(await page.locator('a[href^="otpauth://totp/"]').count()).toBe(1);
    const code = totpCode(secret!, await localNow());
    await page.fill(
      '#code',
      code.replace(/^\d/, (d) => String((Number(d) + 5) % 10)),
    ); // a mistyped code first
    await page.click('button[type=submit]');
    await page.waitForSelector('.error:has-text("That code is not right")');
    await page.fill('#code', code);
    await page.click('button[type=submit]');
    await page.waitForSelector('#who:has-text("Ida Invited")');
    await signOutConsole(page);
    await page.close();
  });

  it('shows an auditor the transparency report, traces a cell to its decisions, and downloads the CSV', async () => {
    const client = new Client(server);
    for (const requestingCountry of ['FR', 'FR', 'NG'])
      await client.accessCheck('ptn_00000000000000000000', { requestingCountry });
    await expect
      .poll(async () => (await client.api('GET', '/api/access-decisions', { role: 'auditor' })).body.items.length, {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(3);
    const today = (await localNow()).toISOString().slice(0, 10);

    // axe is injected as a script, which the console's own policy would refuse
    const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
    const page = await context.newPage();
    await signInConsole(page, 'auditor');
    await page.click('nav a[href="/console/report"]');
    await page.fill('#report-from', today);
    await page.fill('#report-to', today);
    await page.click('form button[type=submit]');
    await page.waitForSelector(`h1:has-text("Transparency report, ${today} to ${today}")`);
    const byCountry = page.locator('section:has(h2:text-is("Access decisions by requesting country"))');
    expect(await byCountry.locator('meter').count()).toBeGreaterThanOrEqual(2);
    expect(await byCountry.innerText()).toContain('NG');
    const overTime = page.locator('section:has(h2:text-is("Access decisions over time, by requesting country"))');
    expect(await overTime.locator('th').allInnerTexts()).toEqual(['Group', today.slice(0, 7)]);
    expect(await overTime.locator('tr:has-text("NG") td').first().innerText()).toBe('NG');
    await page.screenshot({ path: `${ARTEFACTS}/transparency-report.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report-csv')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('section,from,to,')).toBe(true);
    expect(createHash('sha256').update(csv).digest('hex')).toBe(await page.locator('#report-sha256').innerText());

    await page.click('a:has-text("NG · threat-intelligence")');
    await page.waitForSelector('h1:text-is("Access decisions")');
    const rows = await page.locator('#view tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((row) => row.includes('NG'))).toBe(true);
    await signOutConsole(page);
    await context.close();
  });

  // last: it moves the local clock on
  it('sends a person whose session has ended back to sign in, saying so', async () => {
    const page = await browser.newPage();
    await signInConsole(page, 'auditor');
    await fetch(`${server.url}/local/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 13 * 3600 }) });
    await page.click('nav a[href="/console/agreements"]');
    await page.waitForSelector('#login-message:has-text("Your session has ended. Sign in again to continue.")');
    expect(await page.locator('#login').isVisible()).toBe(true);
    await page.close();
  });

  it('keeps saying the session ended when a page that was still loading finds it gone first', async () => {
    const page = await browser.newPage();
    // the dashboard's list is held until the session has ended, then sent (and refused)
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/onboardings?*', async (route) => {
      await released;
      await route.continue();
    });
    await signInConsole(page, 'auditor');
    await fetch(`${server.url}/local/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 13 * 3600 }) });
    release();
    await page.waitForSelector('#login-message:has-text("Your session has ended.")');
    // the next page drawn has no session to use, and still says why
    await page.click('nav a[href="/console/agreements"]');
    await page.waitForSelector('#login-message:has-text("Your session has ended. Sign in again to continue.")');
    await page.close();
  });
});
