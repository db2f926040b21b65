// The web console's script, compiled for the browser by esbuild when the functions are bundled
// (infra/liaison-function.ts) and type-checked with the DOM's types (functions/browser/tsconfig.json). It builds the
// DOM with textContent only, so nothing a company or signer typed can become markup.
import { AGREEMENT_STATUSES, ONBOARDING_STATUSES } from '../domain/statuses.js';
import { $, ApiFailure, type Child } from './dom.js';
import { onboardingForm } from './onboarding-form.js';
import { completeSignIn, forget, person, signIn, signOut, token } from './session.js';
import type {
  AgreementView,
  DecisionView,
  HistoryLine,
  MailMessage,
  MailSummary,
  OnboardingView,
  Page,
  ReportView,
} from './views.js';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
/** Whether the signed-in person holds a role: each role sees only the actions it may take (the API decides). */
const may = (role: 'officer' | 'approver' | 'auditor') => person()?.groups.includes(role) ?? false;
const failure = (err: unknown) => (err instanceof Error ? err.message : String(err));
// each render draws into its own detached container; only the newest render reaches the page
let target = document.createElement('div');
let generation = 0;
const view = () => target;
const say = (text: string, bad = false) => {
  const s = byId('status');
  s.textContent = text;
  s.className = bad ? 'error' : 'muted';
};

const SESSION_ENDED = 'Your session has ended. Sign in again to continue.';
/** Why this tab has no session, once the API refused it: every page drawn until the next sign-in says so. */
let signedOutBecause: string | undefined;

async function api<T>(path: string, options: RequestInit = {}): Promise<T> {
  const res = await fetch(path, {
    ...options,
    headers: {
      authorization: `Bearer ${token()}`,
      'content-type': 'application/json',
      ...((options.headers as Record<string, string>) ?? {}),
    },
  });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (res.status === 401) {
    forget();
    signedOutBecause = SESSION_ENDED;
    showLogin(SESSION_ENDED);
    throw new Error('your session has ended: sign in again');
  }
  if (!res.ok) throw new ApiFailure(res.status, res.statusText, typeof body === 'object' ? body : {});
  return body as T;
}

function showLogin(message?: string) {
  const section = byId('login');
  section.hidden = false;
  byId('login-message').textContent = message ?? 'Sign in with your organisation account to use the console.';
  byId('sign-in').onclick = () => void signIn().catch((err) => say(failure(err), true));
  showPerson();
}

/** Who is signed in, and the way out. */
function showPerson() {
  const who = person();
  byId('who').textContent = who ? `${who.name} (${who.groups.join(', ') || 'no role'})` : '';
  const out = byId<HTMLButtonElement>('sign-out');
  out.hidden = !who;
  out.onclick = () => void signOut();
}

/** A wide table scrolls inside its own box on a narrow screen; keyboard users reach that box too. */
const scrollBox = (label: string) => ({ class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label });

const table = (headers: string[], rows: Child[], label = headers.join(', ')) =>
  $(
    'div',
    scrollBox(label),
    $(
      'table',
      {},
      $(
        'thead',
        {},
        $(
          'tr',
          {},
          headers.map((h) => $('th', {}, h)),
        ),
      ),
      $('tbody', {}, rows),
    ),
  );
const link = (href: string, text: string) =>
  $(
    'a',
    {
      href,
      onclick: (e: Event) => {
        e.preventDefault();
        history.pushState({}, '', href);
        render();
      },
    },
    text,
  );

/** A table of the rows, or a muted line saying there are none. */
const tableOr = (none: string, headers: string[], rows: Child[], label?: string) =>
  rows.length === 0 ? $('p', { class: 'muted' }, none) : table(headers, rows, label);

/** Where an onboarding stands, in words: who or what it waits for, and since when. */
function progress(o: OnboardingView): string {
  if (o.status === 'IN_REVIEW') return `waiting on an approver (${o.pendingGate})`;
  if (o.status === 'VETTING') return 'being vetted';
  if (o.status !== 'AWAITING_SIGNATURES') return (o.outcomeReason ?? '').slice(0, 80);
  const signers = o.signing ?? [];
  const signed = signers.filter((s) => s.state === 'signed').length;
  const waiting = signers.find((s) => s.state === 'waiting');
  const since = waiting?.linkSentAt ? ` since ${DAY.format(new Date(waiting.linkSentAt))}` : '';
  return `${signed} of ${signers.length} signed${waiting ? ` · waiting on ${waiting.name}${since}` : ''}`;
}
const DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/**
 * The dashboard: onboardings with counts per status, a status filter, a search by company and a sort, then the
 * agreements expiring soon.
 */
/** The expiring-soon view's windows, in days: the daily job warns at 90, 30 and 7 days before expiry. */
const EXPIRY_WINDOWS: [number, number][] = [
  [0, 7],
  [8, 30],
  [31, 90],
];

/** What a list page asks the API for: the newest 50, of the status and company the address names. */
function listQuery() {
  const params = new URLSearchParams(location.search);
  const query = new URLSearchParams({ limit: '50' });
  for (const key of ['status', 'company']) if (params.get(key)) query.set(key, params.get(key) ?? '');
  return query;
}

/**
 * A list page's table with its controls. The status filter and the company search are asked of the server (and kept
 * in the address), so they reach every item, not just the newest; the sort orders what came back.
 */
function filteredList<T>(o: {
  page: string;
  ids: { status: string; search: string; sort: string };
  statuses: readonly string[];
  sorts: [value: string, label: string, compare: (a: T, b: T) => number][];
  items: T[];
  headers: string[];
  label: string;
  row: (item: T) => HTMLElement;
}) {
  const params = new URLSearchParams(location.search);
  // what was typed while the list reloads stays in the new field (the old field's pending search still runs)
  const before = document.getElementById(o.ids.search) as HTMLInputElement | null;
  const asked = params.get('company') ?? '';
  const filter = $(
    'select',
    { id: o.ids.status },
    $('option', { value: '' }, 'Every status'),
    o.statuses.map((s) => $('option', { value: s, ...(s === params.get('status') ? { selected: '' } : {}) }, s)),
  );
  const search = $('input', {
    type: 'search',
    id: o.ids.search,
    placeholder: 'Company name',
    value: before?.dataset.typed ? before.value : asked,
  });
  const sort = $(
    'select',
    { id: o.ids.sort },
    o.sorts.map(([value, label]) => $('option', { value }, label)),
  );
  const open = () => {
    const chosen = new URLSearchParams();
    if (filter.value) chosen.set('status', filter.value);
    if (search.value.trim()) chosen.set('company', search.value.trim());
    history.pushState({}, '', `${o.page}${chosen.size ? `?${chosen}` : ''}`);
    render();
  };
  filter.addEventListener('change', open);
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    search.dataset.typed = 'yes';
    clearTimeout(typing);
    typing = setTimeout(open, 400);
  });
  const listed = table(o.headers, [], o.label);
  const body = listed.querySelector('tbody') as HTMLTableSectionElement;
  const draw = () => {
    const compare = o.sorts.find(([value]) => value === sort.value)?.[2] ?? o.sorts[0][2];
    body.replaceChildren(...[...o.items].sort(compare).map(o.row));
  };
  sort.addEventListener('change', draw);
  draw();
  const controls = $(
    'div',
    { class: 'filters' },
    $('label', { for: o.ids.status }, 'Status'),
    filter,
    $('label', { for: o.ids.search }, 'Search by company'),
    search,
    $('label', { for: o.ids.sort }, 'Sort'),
    sort,
  );
  return { controls, table: listed };
}

async function onboardings() {
  const path = `/api/onboardings?${listQuery()}`;
  const [data, expiring, { counts }] = await Promise.all([
    api<Page<OnboardingView>>(path),
    api<Page<AgreementView>>('/api/agreements?expiringWithinDays=90&limit=100'),
    api<{ counts: Record<string, number> }>('/api/onboardings/counts'),
  ]);
  live(path, data);
  const list = filteredList({
    page: '/console',
    ids: { status: 'status-filter', search: 'company-search', sort: 'sort' },
    statuses: ONBOARDING_STATUSES,
    sorts: [
      ['newest', 'Newest first', (a, b) => b.createdAt.localeCompare(a.createdAt)],
      ['oldest', 'Oldest first', (a, b) => a.createdAt.localeCompare(b.createdAt)],
      ['company', 'Company A–Z', (a, b) => a.company.legalName.localeCompare(b.company.legalName)],
    ],
    items: data.items,
    headers: ['Company', 'Status', 'Progress', 'Started'],
    label: 'Onboardings',
    row: (o) =>
      $(
        'tr',
        {},
        $('td', {}, link(`/console/onboardings/${o.onboardingId}`, o.company.legalName)),
        $('td', {}, o.status),
        $('td', {}, progress(o)),
        $('td', {}, when(o.createdAt)),
      ),
  });
  const daysLeft = (iso: string | null) => Math.ceil((Date.parse(iso ?? '') - Date.now()) / 86_400_000);
  view().replaceChildren(
    $('h1', {}, 'Onboardings'),
    $(
      'p',
      { id: 'status-counts', class: 'muted' },
      Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${s} ${n}`)
        .join(' · ') || 'None yet.',
    ),
    list.controls,
    list.table,
    $(
      'section',
      { class: 'card', id: 'expiring' },
      $('h2', {}, 'Agreements expiring within 90 days'),
      EXPIRY_WINDOWS.map(([from, to]) => {
        const within = expiring.items.filter((a) => daysLeft(a.expiresAt) >= from && daysLeft(a.expiresAt) <= to);
        return [
          $(
            'h3',
            {},
            from === 0 ? `Within ${to} days (${within.length})` : `In ${from} to ${to} days (${within.length})`,
          ),
          tableOr(
            'None.',
            ['Company', 'Expires', 'Days left'],
            within.map((a) =>
              $(
                'tr',
                {},
                $('td', {}, link(`/console/agreements/${a.agreementId}`, a.legalName)),
                $('td', {}, when(a.expiresAt)),
                $('td', { class: to === 7 ? 'error' : '' }, String(daysLeft(a.expiresAt))),
              ),
            ),
          ),
        ];
      }),
    ),
  );
}

/** How often a page showing something in progress looks again. */
const LIVE_EVERY_MS = 5000;
let watcher: number | undefined;

/** Whether the person is filling in a form on the page (a redraw would lose what they typed). */
const typing = () =>
  [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('#view input, #view textarea')].some(
    (field) => field.value !== '' && field.type !== 'date',
  ) || document.activeElement?.closest('#view form') != null;

/**
 * Keeps the page live: every few seconds (while the tab is visible and nobody is typing) it reads `path` again and
 * redraws the page when the answer differs from `shown`.
 */
function live(path: string, shown: unknown) {
  const mine = generation;
  const seen = JSON.stringify(shown);
  clearTimeout(watcher);
  watcher = window.setTimeout(async () => {
    if (mine !== generation) return;
    if (document.hidden || typing()) return live(path, shown);
    try {
      const now = await api<unknown>(path);
      if (mine !== generation) return;
      if (JSON.stringify(now) === seen) live(path, shown);
      else await render({ keepStatus: true });
    } catch {
      live(path, shown); // a hiccup: try again later
    }
  }, LIVE_EVERY_MS);
}

/** A moment in the reader's own time zone, named; the exact UTC time stays in the element for machines. */
const LOCAL_TIME = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});
function when(iso: string | null | undefined) {
  if (!iso) return '';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : $('time', { datetime: iso, title: iso }, LOCAL_TIME.format(at));
}

const historyTable = (history: HistoryLine[]) =>
  table(
    ['When', 'Event', 'Detail'],
    history.map((h) => $('tr', {}, $('td', {}, when(h.at)), $('td', {}, h.event), $('td', {}, h.detail))),
  );

async function onboarding(id: string) {
  const o = await api<OnboardingView>(`/api/onboardings/${encodeURIComponent(id)}`);
  live(`/api/onboardings/${encodeURIComponent(id)}`, o);
  const parts: HTMLElement[] = [
    $('h1', {}, o.company.legalName),
    $('p', {}, 'Status: ', $('strong', {}, o.status), ' · partner ', o.partnerId, ' · onboarding ', o.onboardingId),
  ];
  if (o.outcomeReason) parts.push($('p', { class: 'error' }, o.outcomeReason));
  if (o.vetting)
    parts.push(
      $(
        'section',
        { class: 'card' },
        $('h2', {}, `Vetting: ${o.vetting.decision}`),
        $(
          'p',
          { class: 'muted' },
          'Screened ' +
            o.vetting.screenedAt +
            ' against list ' +
            o.vetting.listVersion.source +
            ' (' +
            o.vetting.listVersion.rows +
            ' entries, sha256 ' +
            o.vetting.listVersion.sha256.slice(0, 12) +
            '…); ' +
            o.vetting.referenceData.fatf +
            '; ' +
            o.vetting.referenceData.adequacy,
        ),
        table(
          ['Check', 'Outcome', 'Findings'],
          o.vetting.checks.map((c) =>
            $(
              'tr',
              {},
              $('td', {}, c.check),
              $('td', {}, c.outcome),
              $(
                'td',
                {},
                $(
                  'ul',
                  {},
                  c.findings.map((f) => $('li', {}, f)),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  if (o.status === 'IN_REVIEW' && may('approver')) {
    const reason = $('textarea', { id: 'review-reason', required: '', rows: '3' });
    const decide = (decision: 'approve' | 'reject') => async (e: Event) => {
      e.preventDefault();
      try {
        await api(`/api/onboardings/${o.onboardingId}/review`, {
          method: 'POST',
          body: JSON.stringify({ gate: o.pendingGate, decision, reason: reason.value }),
        });
        await render();
        say('Decision recorded');
      } catch (err) {
        say(failure(err), true);
      }
    };
    parts.push(
      $(
        'form',
        { class: 'card' },
        $('h2', {}, `Review (${o.pendingGate})`),
        $('label', { for: 'review-reason' }, 'Reason (required)'),
        reason,
        $('button', { type: 'submit', onclick: decide('approve') }, 'Approve'),
        ' ',
        $('button', { type: 'submit', class: 'secondary', onclick: decide('reject') }, 'Reject'),
      ),
    );
  }
  if (o.signing?.length) {
    const act = (path: string, what: string) => async () => {
      try {
        await api(path, { method: 'POST' });
        await render();
        say(what);
      } catch (err) {
        say(failure(err), true);
      }
    };
    parts.push(
      $(
        'section',
        { class: 'card' },
        $('h2', {}, 'Signatures'),
        table(
          ['Signer', 'Role', 'State', 'Link', 'Actions'],
          o.signing.map((s) =>
            $(
              'tr',
              {},
              $('td', {}, `${s.name} <${s.email}>`),
              $('td', {}, s.role),
              $('td', {}, s.state, s.signedAt ? [' ', when(s.signedAt)] : ''),
              $(
                'td',
                {},
                s.linkSentAt
                  ? [
                      'sent ',
                      when(s.linkSentAt),
                      ', expires ',
                      when(s.linkExpiresAt),
                      s.firstViewedAt ? [', opened ', when(s.firstViewedAt)] : ', not opened yet',
                      s.remindersSent ? `, ${s.remindersSent} reminder${s.remindersSent > 1 ? 's' : ''}` : '',
                    ]
                  : '',
              ),
              $(
                'td',
                {},
                s.state === 'waiting' && o.status === 'AWAITING_SIGNATURES' && may('officer')
                  ? $(
                      'button',
                      {
                        type: 'button',
                        onclick: act(
                          `/api/onboardings/${o.onboardingId}/signers/${s.signerId}/resend`,
                          `New link sent to ${s.email}`,
                        ),
                      },
                      'Resend link',
                    )
                  : '',
                s.state === 'waiting' && o.status === 'AWAITING_SIGNATURES' && may('officer')
                  ? [
                      ' ',
                      $(
                        'button',
                        {
                          type: 'button',
                          class: 'quiet',
                          onclick: act(
                            `/api/onboardings/${o.onboardingId}/signers/${s.signerId}/remind`,
                            `Reminder sent to ${s.email}`,
                          ),
                        },
                        'Remind now',
                      ),
                    ]
                  : '',
              ),
            ),
          ),
        ),
        o.status === 'SIGNATURE_EXPIRED' && may('officer')
          ? $(
              'button',
              {
                type: 'button',
                onclick: act(`/api/onboardings/${o.onboardingId}/restart-signing`, 'Signing restarted'),
              },
              'Restart signing',
            )
          : null,
      ),
    );
  }
  if (o.agreement)
    parts.push(
      $(
        'section',
        { class: 'card' },
        $(
          'h2',
          {},
          'Agreement ',
          link(`/console/agreements/${o.agreement.agreementId}`, o.agreement.agreementId),
          `: ${o.agreement.status}`,
        ),
        $('p', { class: 'muted' }, 'Document SHA-256 ', $('code', {}, o.agreement.documentSha256)),
        $(
          'ul',
          {},
          o.agreement.signatures.map((s) =>
            $('li', {}, `${s.name} (${s.role}) signed as “${s.typedName}”, `, when(s.signedAt)),
          ),
        ),
      ),
    );
  if (o.agreement) parts.push(documentLinks(o.agreement.agreementId, o.agreement.status));
  if (o.status === 'AWAITING_SIGNATURES' && may('officer')) {
    const replaceable = (o.signing ?? []).filter((s) => s.state !== 'signed' && s.state !== 'declined');
    if (replaceable.length) parts.push(replacement(o.onboardingId, replaceable));
  }
  if (['VETTING', 'IN_REVIEW', 'AWAITING_SIGNATURES'].includes(o.status) && may('officer'))
    parts.push(withdrawal(o.onboardingId, o.company.legalName));
  parts.push($('section', { class: 'card' }, $('h2', {}, 'History'), historyTable(o.history)));
  view().replaceChildren(...parts);
}

/** Gives a signer's slot to another person (a wrong address, a delegation): the new person gets the link. */
function replacement(onboardingId: string, signers: { signerId: string; name: string; email: string }[]) {
  const field = (id: string, label: string, attributes: Record<string, string> = {}) => [
    $('label', { for: id }, label),
    $('input', { id, required: '', ...attributes }),
  ];
  const slot = $(
    'select',
    { id: 'replace-signer' },
    signers.map((s) => $('option', { value: s.signerId }, `${s.name} <${s.email}>`)),
  );
  const replace = async (e: Event) => {
    e.preventDefault();
    const value = (id: string) => (byId(id) as HTMLInputElement).value;
    const person = { name: value('replace-name'), email: value('replace-email'), title: value('replace-title') };
    try {
      await api(`/api/onboardings/${onboardingId}/signers/${slot.value}/replace`, {
        method: 'POST',
        body: JSON.stringify({ ...person, reason: value('replace-reason') }),
      });
      await render();
      say(`Signer replaced: ${person.email} gets the link`);
    } catch (err) {
      say(failure(err), true);
    }
  };
  return $(
    'form',
    { class: 'card', onsubmit: replace },
    $('h2', {}, 'Replace a signer'),
    $('label', { for: 'replace-signer' }, 'Signer'),
    slot,
    ...field('replace-name', 'New signer: full name'),
    ...field('replace-email', 'Email', { type: 'email' }),
    ...field('replace-title', 'Title'),
    ...field('replace-reason', 'Reason (required)'),
    $('button', { type: 'submit', id: 'replace' }, 'Replace signer'),
  );
}

/** Ends an onboarding in progress, with a reason, once the officer confirms. */
function withdrawal(onboardingId: string, legalName: string) {
  const reason = $('textarea', { id: 'withdraw-reason', required: '', rows: '2' });
  const withdraw = async (e: Event) => {
    e.preventDefault();
    if (!confirm(`Withdraw the onboarding of ${legalName}? Links stop working and the signers asked are told.`)) return;
    try {
      await api(`/api/onboardings/${onboardingId}/withdraw`, {
        method: 'POST',
        body: JSON.stringify({ reason: reason.value }),
      });
      await render();
      say('Onboarding withdrawn');
    } catch (err) {
      say(failure(err), true);
    }
  };
  return $(
    'form',
    { class: 'card', onsubmit: withdraw },
    $('h2', {}, 'Withdraw'),
    $('label', { for: 'withdraw-reason' }, 'Reason (required)'),
    reason,
    $('button', { type: 'submit', class: 'secondary', id: 'withdraw' }, 'Withdraw onboarding'),
  );
}

async function agreements() {
  const path = `/api/agreements?${listQuery()}`;
  const data = await api<Page<AgreementView>>(path);
  live(path, data);
  const list = filteredList({
    page: '/console/agreements',
    ids: { status: 'agreement-status', search: 'agreement-search', sort: 'agreement-sort' },
    statuses: AGREEMENT_STATUSES,
    sorts: [
      ['newest', 'Newest first', (a, b) => (b.effectiveAt ?? '').localeCompare(a.effectiveAt ?? '')],
      ['expiry', 'Expiring first', (a, b) => (a.expiresAt ?? '9999').localeCompare(b.expiresAt ?? '9999')],
      ['company', 'Company A–Z', (a, b) => a.legalName.localeCompare(b.legalName)],
    ],
    items: data.items,
    headers: ['Partner', 'Status', 'In force', 'Expires'],
    label: 'Agreements',
    row: (a) =>
      $(
        'tr',
        {},
        $('td', {}, link(`/console/agreements/${a.agreementId}`, a.legalName)),
        $('td', {}, a.status),
        $('td', {}, when(a.effectiveAt)),
        $('td', {}, when(a.expiresAt)),
      ),
  });
  view().replaceChildren(
    $('h1', {}, 'Agreements'),
    list.controls,
    list.table,
    data.items.length ? '' : $('p', { class: 'muted' }, 'No agreement matches.'),
  );
}

/** When an agreement is in force: from, to. */
const termOf = (a: AgreementView) => [when(a.effectiveAt), ' → ', when(a.expiresAt)];

/** Fetches a document with the person's token and hands it to the browser as a download. */
async function download(path: string, filename: string) {
  try {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token()}` } });
    if (!res.ok) throw new Error(`${filename}: ${res.status} ${res.statusText}`);
    const link = $('a', { href: URL.createObjectURL(await res.blob()), download: filename });
    link.click();
    URL.revokeObjectURL(link.href);
  } catch (err) {
    say(failure(err), true);
  }
}

const UNEXECUTED = ['PENDING_SIGNATURES', 'DECLINED', 'WITHDRAWN'];

/** The agreement's documents: its text to read here, and the files to download (the executed ones once signed). */
function documentLinks(agreementId: string, status: string) {
  const base = `/api/agreements/${encodeURIComponent(agreementId)}`;
  const preview = $('div', { class: 'preview' });
  const show = $('button', { type: 'button', class: 'quiet', 'aria-expanded': 'false' }, 'Read the agreement here');
  show.addEventListener('click', async () => {
    if (show.getAttribute('aria-expanded') === 'true') {
      preview.replaceChildren();
      show.setAttribute('aria-expanded', 'false');
      return;
    }
    try {
      const html = await api<string>(`${base}/document`, { headers: { accept: 'text/html' } });
      const frame = $('iframe', { title: `Agreement ${agreementId}`, sandbox: '' });
      frame.srcdoc = html;
      preview.replaceChildren(frame);
      show.setAttribute('aria-expanded', 'true');
    } catch (err) {
      say(failure(err), true);
    }
  });
  const file = (label: string, path: string, filename: string) =>
    $('button', { type: 'button', class: 'quiet', onclick: () => download(`${base}${path}`, filename) }, label);
  const executed = !UNEXECUTED.includes(status);
  return $(
    'section',
    { class: 'card' },
    $('h2', {}, 'Documents'),
    show,
    ' ',
    file('Download the agreement (HTML)', '/document', `${agreementId}.html`),
    executed ? [' ', file('Download the executed PDF', '/pdf', `${agreementId}.pdf`)] : '',
    executed ? [' ', file('Download the verification bundle', '/bundle', `${agreementId}.bundle.json`)] : '',
    executed
      ? ''
      : $('p', { class: 'muted' }, 'The executed PDF and the verification bundle follow the last signature.'),
    preview,
  );
}

/** What an officer may do to an agreement, from which statuses, and what they confirm first. */
const AGREEMENT_ACTIONS = [
  {
    action: 'suspend',
    label: 'Suspend',
    from: ['ACTIVE'],
    confirm: 'Suspend the agreement with {name}? Every access check is denied until it is reinstated.',
  },
  {
    action: 'reinstate',
    label: 'Reinstate',
    from: ['SUSPENDED'],
    confirm: 'Reinstate the agreement with {name}? Access checks within its scope are allowed again.',
  },
  {
    action: 'revoke',
    label: 'Revoke',
    from: ['ACTIVE', 'SUSPENDED'],
    confirm: 'Revoke the agreement with {name}? This ends it for good: it cannot be reinstated.',
  },
  {
    action: 'renew',
    label: 'Renew',
    from: ['ACTIVE', 'SUSPENDED', 'EXPIRED'],
    confirm: 'Renew the agreement with {name}? A new onboarding starts with the same company, signers and scope.',
  },
] as const;

function agreementActions(a: AgreementView) {
  const reason = $('textarea', { id: 'reason', rows: '2' });
  const offered = AGREEMENT_ACTIONS.filter((x) => (x.from as readonly string[]).includes(a.status));
  if (!offered.length) return '';
  const act = (x: (typeof AGREEMENT_ACTIONS)[number]) => async () => {
    if (x.action !== 'renew' && !reason.value.trim()) {
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return say(`Give the reason to ${x.label.toLowerCase()}: the partner and the audit trail are told it`, true);
    }
    if (!confirm(x.confirm.replace('{name}', a.legalName))) return;
    try {
      const done = await api<{ onboardingId?: string }>(
        `/api/agreements/${encodeURIComponent(a.agreementId)}/${x.action}`,
        {
          method: 'POST',
          body: JSON.stringify(reason.value.trim() ? { reason: reason.value } : {}),
        },
      );
      if (x.action === 'renew' && done.onboardingId)
        history.pushState({}, '', `/console/onboardings/${done.onboardingId}`);
      await render({ keepStatus: true });
      say(
        x.action === 'renew'
          ? 'Renewal started'
          : `Agreement ${x.action === 'reinstate' ? 'reinstated' : `${x.action}ed`}`,
      );
    } catch (err) {
      say(failure(err), true);
    }
  };
  return $(
    'section',
    { class: 'card' },
    $('h2', {}, 'Actions'),
    $('label', { for: 'reason' }, 'Reason (required, except to renew)'),
    reason,
    offered.map((x) => [
      $('button', { type: 'button', class: x.action === 'revoke' ? 'secondary' : '', onclick: act(x) }, x.label),
      ' ',
    ]),
  );
}

/** The newest access decisions about the agreement's partner, with a link to all of them. */
async function decisionsAbout(a: AgreementView) {
  const query = new URLSearchParams({ partnerId: a.partnerId, limit: '10' });
  const page = await api<Page<DecisionView>>(`/api/access-decisions?${query}`);
  return $(
    'section',
    { class: 'card' },
    $('h2', {}, 'Access decisions'),
    tableOr(
      'No access check has asked about this partner yet.',
      ['When', 'Caller', 'Request', 'Decision'],
      page.items.map((d) =>
        $(
          'tr',
          {},
          $('td', {}, when(d.at)),
          $('td', {}, d.caller),
          $('td', {}, `${d.requestingCountry} · ${d.dataCategory} · ${d.purpose} · ${d.direction}`),
          $('td', {}, `${d.decision} (${d.codes.join(', ')})`),
        ),
      ),
    ),
    $(
      'p',
      {},
      $(
        'a',
        { href: `/console/decisions?partnerId=${encodeURIComponent(a.partnerId)}` },
        'All decisions about this partner',
      ),
    ),
  );
}

async function agreement(id: string) {
  const a = await api<AgreementView & { history: HistoryLine[] }>(`/api/agreements/${encodeURIComponent(id)}`);
  live(`/api/agreements/${encodeURIComponent(id)}`, a);
  view().replaceChildren(
    $('h1', {}, `${a.legalName}: ${a.status}`),
    $('p', {}, `Agreement ${a.agreementId} · partner ${a.partnerId} · `, ...termOf(a)),
    $(
      'p',
      {},
      'Scope: ' +
        a.scope.dataCategories.join(', ') +
        ' for ' +
        a.scope.purposes.join(', ') +
        ' (' +
        a.scope.direction +
        ')',
    ),
    documentLinks(a.agreementId, a.status),
    may('officer') ? agreementActions(a) : '',
    may('officer') || may('auditor') ? await decisionsAbout(a) : '',
    $('section', { class: 'card' }, $('h2', {}, 'Audit trail: the events that touched it'), historyTable(a.history)),
  );
}

function newOnboarding() {
  view().replaceChildren(
    onboardingForm(api, (onboardingId) => {
      history.pushState({}, '', `/console/onboardings/${onboardingId}`);
      render();
    }),
  );
}

async function mail(id: string | undefined) {
  if (id) {
    const res = await fetch(`/mail/${encodeURIComponent(id)}`);
    const m = (await res.json()) as MailMessage;
    const body = $('pre', { class: 'mail' }, m.text);
    view().replaceChildren(
      $('h1', {}, m.subject),
      $('p', { class: 'muted' }, `To: ${m.to.join(', ')}`),
      body,
      ...[...m.text.matchAll(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/g)].map((x) =>
        $('p', {}, $('a', { href: x[0] }, 'Open the signing link')),
      ),
      ...(m.attachments ?? []).map((a, index) =>
        $(
          'p',
          {},
          'Attachment: ',
          $(
            'a',
            { href: `/mail/${encodeURIComponent(m.id)}/attachments/${index}`, target: '_blank', rel: 'noopener' },
            a.filename,
          ),
          ` (${a.contentType}, ${Math.ceil(a.size / 1024)} KB)`,
        ),
      ),
    );
    return;
  }
  const res = await fetch('/mail');
  if (!res.ok) {
    view().replaceChildren($('p', {}, 'The mailbox exists only on the local runtime.'));
    return;
  }
  const data = (await res.json()) as { messages: MailSummary[] };
  view().replaceChildren(
    $('h1', {}, 'Mailbox'),
    table(
      ['Date', 'To', 'Subject'],
      data.messages.map((m) =>
        $(
          'tr',
          {},
          $('td', {}, when(m.date)),
          $('td', {}, m.to.join(', ')),
          $('td', {}, link(`/console/mail/${m.id}`, m.subject)),
        ),
      ),
    ),
  );
}

/** A published count as people read it ("1-4" stays a range), and the length its bar shows. */
const countText = (count: number | string) => (count === '1-4' ? '1–4' : String(count));
const countValue = (count: number | string) => (count === '1-4' ? 4 : Number(count));

interface Bar {
  label: string;
  /** As shown: a count, or a range where small counts were added up. */
  text: string;
  /** The bar's length: the count, or the top of the range. */
  value: number;
  href?: string;
}
const barOf = (label: string, count: number | string, href?: string): Bar => ({
  label,
  text: countText(count),
  value: countValue(count),
  href,
});

/** One count per row with a bar (a <meter>: no inline style, which the console's policy forbids). */
function bars(title: string, rows: Bar[]) {
  const most = Math.max(1, ...rows.map((r) => r.value));
  return $(
    'section',
    { class: 'card' },
    $('h2', {}, title),
    tableOr(
      'None in this period.',
      ['Group', 'Count', 'Relative size'],
      rows.map((r) =>
        $(
          'tr',
          {},
          $('td', {}, r.href ? link(r.href, r.label) : r.label),
          $('td', {}, r.text),
          $('td', {}, $('meter', { min: '0', max: String(most), value: String(r.value) })),
        ),
      ),
      title,
    ),
  );
}

/** Adds up published counts along one dimension: with a "1-4" among them the sum is a range. */
function sumBy<T extends { count: number | string }>(rows: T[], key: (row: T) => string): Bar[] {
  const sums = new Map<string, { low: number; high: number }>();
  for (const row of rows) {
    const sum = sums.get(key(row)) ?? { low: 0, high: 0 };
    sum.low += row.count === '1-4' ? 1 : Number(row.count);
    sum.high += countValue(row.count);
    sums.set(key(row), sum);
  }
  return [...sums].map(([label, { low, high }]) => ({
    label,
    text: low === high ? String(low) : `${low}–${high}`,
    value: high,
  }));
}

/**
 * Counts month by month: a row per group (country, category), a column per month, each cell its count with a bar
 * on one scale, so a trend reads across a row and the months compare down a column.
 */
function overTime(
  title: string,
  rows: ReportView['accessDecisionsByMonth'],
  group: (row: (typeof rows)[number]) => string,
) {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const cells = new Map<string, Bar>();
  for (const month of months)
    for (const bar of sumBy(
      rows.filter((r) => r.month === month),
      group,
    ))
      cells.set(`${bar.label} ${month}`, bar);
  const most = Math.max(1, ...[...cells.values()].map((c) => c.value));
  const groups = sumBy(rows, group).sort((a, b) => b.value - a.value);
  return $(
    'section',
    { class: 'card' },
    $('h2', {}, title),
    tableOr(
      'None in this period.',
      ['Group', ...months],
      groups.map(({ label }) =>
        $(
          'tr',
          {},
          $('td', {}, label),
          months.map((month) => {
            const cell = cells.get(`${label} ${month}`);
            return $(
              'td',
              {},
              cell ? cell.text : '0',
              $('meter', {
                min: '0',
                max: String(most),
                value: String(cell?.value ?? 0),
                title: `${label}, ${month}`,
              }),
            );
          }),
        ),
      ),
      title,
    ),
  );
}

const DIMENSION_WORDS = {
  decision: 'outcome',
  requestingCountry: 'requesting country',
  dataCategory: 'data category',
  purpose: 'purpose',
} as const;

async function report() {
  const params = new URLSearchParams(location.search);
  const today = new Date().toISOString().slice(0, 10);
  const from = params.get('from') || `${today.slice(0, 4)}-01-01`;
  const to = params.get('to') || today;
  const fromInput = $('input', { type: 'date', id: 'report-from', value: from, required: 'required' });
  const toInput = $('input', { type: 'date', id: 'report-to', value: to, required: 'required' });
  const form = $(
    'form',
    {
      class: 'card',
      onsubmit: (e: Event) => {
        e.preventDefault();
        history.pushState({}, '', `/console/report?from=${fromInput.value}&to=${toInput.value}`);
        render();
      },
    },
    $('label', { for: 'report-from' }, 'From'),
    fromInput,
    $('label', { for: 'report-to' }, 'To'),
    toInput,
    $('button', { type: 'submit' }, 'Show'),
  );
  const period = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const r = await api<ReportView>(`/api/reports/transparency?${period}`);
  const download = $('button', { type: 'button', id: 'report-csv', class: 'secondary' }, 'Download CSV');
  download.addEventListener('click', async () => {
    const res = await fetch(`/api/reports/transparency?${period}`, {
      headers: { authorization: `Bearer ${token()}`, accept: 'text/csv' },
    });
    const a = $('a', {
      href: URL.createObjectURL(await res.blob()),
      download: `liaison-transparency-${from}-${to}.csv`,
    });
    a.click();
    URL.revokeObjectURL(a.href);
  });
  const trace = (where: Record<string, string>) =>
    `/console/decisions?${new URLSearchParams({ ...where, from: r.period.from, to: r.period.to })}`;
  view().replaceChildren(
    $('h1', {}, `Transparency report, ${r.period.from} to ${r.period.to}`),
    form,
    $(
      'p',
      { class: 'muted' },
      'Counts from 1 to 4 are published as 1–4. SHA-256 of the CSV: ',
      $('code', { id: 'report-sha256' }, r.sha256),
      ' ',
      download,
    ),
    overTime(
      'Access decisions over time, by requesting country',
      r.accessDecisionsByMonth,
      (row) => row.requestingCountry,
    ),
    overTime('Access decisions over time, by data category', r.accessDecisionsByMonth, (row) => row.dataCategory),
    ...(['decision', 'requestingCountry', 'dataCategory', 'purpose'] as const).map((dimension) =>
      bars(
        `Access decisions by ${DIMENSION_WORDS[dimension]}`,
        sumBy(r.accessDecisions, (row) => row[dimension]),
      ),
    ),
    bars(
      'Every cell: country, category, purpose, outcome (follow one to its decisions)',
      r.accessDecisions.map((row) =>
        barOf(
          `${row.requestingCountry} · ${row.dataCategory} · ${row.purpose} · ${row.decision}`,
          row.count,
          trace({
            requestingCountry: row.requestingCountry,
            dataCategory: row.dataCategory,
            purpose: row.purpose,
            decision: row.decision,
          }),
        ),
      ),
    ),
    bars(
      'Reasons for DENY',
      r.denyReasons.map((row) => barOf(row.code, row.count)),
    ),
    bars(
      'Agreements in force by sector and country',
      r.agreementsInForce.map((row) => barOf(`${row.sector} · ${row.country}`, row.count)),
    ),
    bars(
      'Onboardings by outcome',
      r.onboardings.map((row) => barOf(row.outcome, row.count)),
    ),
    bars(
      'Vetting outcomes',
      r.vettingOutcomes.map((row) => barOf(row.outcome, row.count)),
    ),
    bars(
      "Approvers' decisions",
      r.reviewDecisions.map((row) => barOf(`${row.gate}: ${row.decision}`, row.count)),
    ),
    bars(
      'Changes to agreements',
      r.agreementChanges.map((row) => barOf(row.event, row.count)),
    ),
  );
}

/** The decisions behind a cell of the report (or any filter of the decision log). */
async function decisions() {
  const params = new URLSearchParams(location.search);
  params.set('limit', '100');
  const page = await api<{ items: DecisionView[]; nextToken: string | null }>(`/api/access-decisions?${params}`);
  view().replaceChildren(
    $('h1', {}, 'Access decisions'),
    $('p', { class: 'muted' }, `${page.items.length}${page.nextToken ? '+' : ''} decisions`),
    table(
      ['When', 'Caller', 'Partner', 'Request', 'Decision'],
      page.items.map((d) =>
        $(
          'tr',
          {},
          $('td', {}, when(d.at)),
          $('td', {}, d.caller),
          $('td', {}, d.partnerId),
          $('td', {}, `${d.requestingCountry} · ${d.dataCategory} · ${d.purpose} · ${d.direction}`),
          $('td', {}, `${d.decision} (${d.codes.join(', ')})`),
        ),
      ),
    ),
  );
}

async function render(options: { keepStatus?: boolean } = {}) {
  const mine = ++generation;
  clearTimeout(watcher);
  target = document.createElement('div');
  const drawn = target;
  if (!options.keepStatus) say('');
  await draw();
  if (mine !== generation) return;
  // a redraw keeps the person's place: the field they were in has the focus again (typing goes on into it)
  const focused = document.activeElement?.closest('#view') ? document.activeElement.id : '';
  byId('view').replaceChildren(...drawn.childNodes);
  if (focused) document.getElementById(focused)?.focus();
}

async function draw() {
  const path = location.pathname.replace(/\/+$/, '');
  const [, , section, id] = path.split('/');
  try {
    if (section === 'mail') return await mail(id);
    if (section === 'callback') {
      await completeSignIn(new URLSearchParams(location.search));
      signedOutBecause = undefined;
      history.replaceState({}, '', '/console');
      return draw();
    }
    if (section === 'signed-out') {
      view().replaceChildren();
      return showLogin('You are signed out.');
    }
    if (!token()) {
      // a page that started drawing before the refusal may have found the session gone: the reason stays
      view().replaceChildren();
      return showLogin(signedOutBecause);
    }
    byId('login').hidden = true;
    showPerson();
    // links and actions for some roles only: data-role lists them
    for (const element of document.querySelectorAll<HTMLElement>('[data-role]'))
      element.hidden = !(element.dataset.role ?? '').split(' ').some((role) => may(role as 'officer'));
    if (section === 'onboardings' && id) return await onboarding(id);
    if (section === 'agreements' && id) return await agreement(id);
    if (section === 'agreements') return await agreements();
    if (section === 'new') return newOnboarding();
    if (section === 'report') return await report();
    if (section === 'decisions') return await decisions();
    return await onboardings();
  } catch (err) {
    say(failure(err), true);
  }
}
window.addEventListener('popstate', () => render());
document.addEventListener('DOMContentLoaded', () => {
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a'))
    a.addEventListener('click', (e) => {
      e.preventDefault();
      history.pushState({}, '', a.getAttribute('href') ?? '/console');
      render();
    });
  render();
});
