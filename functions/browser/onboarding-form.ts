// The guided "New onboarding" form: the request of POST /api/onboardings as labelled fields, the closed vocabularies as
// choices, people and signatories added and removed, the agreement text previewed before anything is sent, a warning
// when the company may already be a partner, and the API's field issues shown next to each field and in a GOV.UK
// error summary. One idempotency key per attempt, so a second click never starts a second onboarding.
import { COUNTRIES } from '../domain/countries.js';
import { CATEGORY_WORDS, DIRECTION_WORDS, PURPOSE_WORDS } from '../domain/scope-words.js';
import { DATA_CATEGORIES, DIRECTIONS, PURPOSES, SECTORS } from '../domain/vocabulary.js';
import { $, ApiFailure, type Child, type Issue } from './dom.js';

type Api = <T>(path: string, options?: RequestInit) => Promise<T>;
type Field = HTMLInputElement | HTMLSelectElement;

interface PartnerMatch {
  legalName: string;
  matchedOn: string;
  status: string;
  agreementId?: string;
  onboardingId?: string;
}
interface Preview {
  templateId: string;
  templateVersion: string;
  html: string;
  similarPartners: PartnerMatch[];
}

const SECTOR_WORDS: Record<(typeof SECTORS)[number], string> = {
  telecom: 'Telecommunications',
  isp: 'Internet service provider',
  platform: 'Online platform',
  financial: 'Financial services',
  cybersecurity: 'Cybersecurity',
  transport: 'Transport',
  other: 'Other',
};

let fieldCount = 0;
const fieldId = (path: string) => `f-${path.replace(/\./g, '-')}-${++fieldCount}`;

/** A labelled input bound to a request path, with an optional hint. */
function input(path: string, label: string, attrs: Record<string, string> = {}, hint?: string) {
  const id = fieldId(path);
  const hintId = hint ? `${id}-hint` : undefined;
  const field = $('input', {
    id,
    name: path,
    'data-path': path,
    ...(hintId ? { 'aria-describedby': hintId } : {}),
    ...attrs,
  });
  return $(
    'div',
    { class: 'field', 'data-field': path },
    $('label', { for: id }, label),
    hint ? $('p', { class: 'hint', id: hintId ?? '' }, hint) : '',
    field,
  );
}

function select(path: string, label: string, options: [string, string][], chosen = '') {
  const id = fieldId(path);
  const field = $(
    'select',
    { id, name: path, 'data-path': path },
    options.map(([value, text]) => {
      const option = $('option', { value }, text);
      option.selected = value === chosen;
      return option;
    }),
  );
  return $('div', { class: 'field', 'data-field': path }, $('label', { for: id }, label), field);
}

/** A group of checkboxes or radios under one legend; the group carries the request path. */
function choices(
  path: string,
  legend: string,
  type: 'checkbox' | 'radio',
  options: [string, string][],
  chosen: string[],
) {
  return $(
    'fieldset',
    { class: 'field choices', 'data-field': path, 'data-path': path, tabindex: '-1', id: fieldId(path) },
    $('legend', {}, legend),
    options.map(([value, text]) => {
      const id = fieldId(`${path}.${value}`);
      const box = $('input', { type, id, name: path, value });
      box.checked = chosen.includes(value);
      return $('div', { class: 'choice' }, box, $('label', { for: id }, text));
    }),
  );
}

/** A list of rows (people, signatories) with Add and Remove; each row's fields are numbered in request order. */
function rows(
  path: string,
  legend: string,
  rowLabel: string,
  addLabel: string,
  row: (prefix: string) => Child[],
  { min = 0, start = 1 } = {},
) {
  const list = $('div', { class: 'rows' });
  const renumber = () => {
    [...list.children].forEach((r, index) => {
      for (const field of r.querySelectorAll<Field>('[data-path]'))
        field.dataset.path = `${path}.${index}.${field.dataset.key}`;
      for (const field of r.querySelectorAll<HTMLElement>('[data-field]'))
        field.dataset.field = `${path}.${index}.${field.dataset.key}`;
      const legendOf = r.querySelector('legend');
      if (legendOf) legendOf.textContent = `${rowLabel} ${index + 1}`;
      const remove = r.querySelector<HTMLButtonElement>('button.remove');
      if (remove) remove.disabled = list.children.length <= min;
    });
  };
  const add = () => {
    const remove = $('button', { type: 'button', class: 'remove quiet' }, 'Remove');
    const fieldset = $(
      'fieldset',
      { class: 'row' },
      $('legend', {}, ''),
      row(`${path}.${list.children.length}`),
      remove,
    );
    for (const field of fieldset.querySelectorAll<HTMLElement>('[data-path]'))
      field.dataset.key = (field.dataset.path ?? '').split('.').pop();
    for (const field of fieldset.querySelectorAll<HTMLElement>('[data-field]'))
      field.dataset.key = (field.dataset.field ?? '').split('.').pop();
    remove.addEventListener('click', () => {
      fieldset.remove();
      renumber();
    });
    list.append(fieldset);
    renumber();
    return fieldset;
  };
  for (let i = 0; i < start; i++) add();
  return $(
    'fieldset',
    { class: 'group', 'data-path': path, tabindex: '-1', id: fieldId(path) },
    $('legend', {}, legend),
    list,
    $(
      'button',
      {
        type: 'button',
        class: 'quiet',
        onclick: () => add().querySelector<HTMLInputElement>('input')?.focus(),
      },
      addLabel,
    ),
  );
}

const signerRow = (prefix: string) => [
  input(`${prefix}.name`, 'Full name', { autocomplete: 'off' }),
  input(`${prefix}.email`, 'Email', { type: 'email', autocomplete: 'off' }),
  input(`${prefix}.title`, 'Title', { autocomplete: 'off' }),
];

/** The request the fields make; empty optional fields are left out, so the API names what is missing. */
function requestOf(form: HTMLFormElement) {
  const value = (path: string) => form.querySelector<Field>(`[data-path="${path}"]`)?.value.trim() ?? '';
  const number = (path: string) => (value(path) === '' ? undefined : Number(value(path)));
  const optional = (path: string) => value(path) || undefined;
  const checked = (path: string) =>
    [...form.querySelectorAll<HTMLInputElement>(`input[name="${path}"]:checked`)].map((box) => box.value);
  const listOf = (path: string, keys: string[]) =>
    [...form.querySelectorAll<HTMLElement>(`[data-path="${path}"] .row`)].map((_, index) =>
      Object.fromEntries(keys.map((key) => [key, value(`${path}.${index}.${key}`)])),
    );
  const countersignatory = { name: value('cs.name'), email: value('cs.email'), title: value('cs.title') };
  return {
    company: {
      legalName: value('company.legalName'),
      country: value('company.country'),
      registrationNumber: optional('company.registrationNumber'),
      lei: optional('company.lei'),
      website: optional('company.website'),
      sector: value('company.sector'),
      people: listOf('company.people', ['name', 'role']),
    },
    signatories: listOf('signatories', ['name', 'email', 'title']),
    countersignatory: Object.values(countersignatory).some(Boolean) ? countersignatory : undefined,
    signingOrder: checked('signingOrder')[0],
    signingLinkDays: number('signingLinkDays'),
    scope: {
      dataCategories: checked('scope.dataCategories'),
      purposes: checked('scope.purposes'),
      direction: checked('scope.direction')[0],
      retentionDays: number('scope.retentionDays'),
      excludedCountries: value('scope.excludedCountries')
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map((code) => code.toUpperCase()),
      threatIntelligenceIdentifiesPeople: checked('scope.threatIntelligenceIdentifiesPeople').length > 0 || undefined,
    },
    termMonths: number('termMonths'),
  };
}

/** The field an issue names, or the nearest group that holds it (`signatories.1.email` → that input). */
function fieldFor(form: HTMLFormElement, path: string): HTMLElement | undefined {
  // the countersignatory's fields are named cs.* in the form
  const parts = path.replace(/^countersignatory\b/, 'cs').split('.');
  for (let n = parts.length; n > 0; n--) {
    const found = form.querySelector<HTMLElement>(`[data-path="${parts.slice(0, n).join('.')}"]`);
    if (found) return found;
  }
  return undefined;
}

function labelOf(field: HTMLElement): string {
  if (field instanceof HTMLFieldSetElement) return field.querySelector('legend')?.textContent ?? 'This part';
  const label = field.id ? document.querySelector(`label[for="${field.id}"]`)?.textContent : undefined;
  const row = field.closest('.row')?.querySelector('legend')?.textContent;
  return [row, label].filter(Boolean).join(', ') || 'This field';
}

function clearIssues(form: HTMLFormElement, summary: HTMLElement) {
  summary.hidden = true;
  summary.replaceChildren();
  for (const error of form.querySelectorAll('.field-error')) error.remove();
  for (const field of form.querySelectorAll('[aria-invalid]')) {
    field.removeAttribute('aria-invalid');
    const describedBy = (field.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => !id.endsWith('-error'));
    if (describedBy.length) field.setAttribute('aria-describedby', describedBy.join(' '));
    else field.removeAttribute('aria-describedby');
  }
}

/** Each issue next to its field, and all of them in the error summary, which takes focus. */
function showIssues(form: HTMLFormElement, summary: HTMLElement, issues: Issue[]) {
  clearIssues(form, summary);
  const items: HTMLElement[] = [];
  const shown = new Set<HTMLElement>();
  for (const issue of issues) {
    const field = fieldFor(form, issue.path) ?? form;
    // one problem per field, the first the API names (an empty field is "missing", not also "malformed")
    if (shown.has(field)) continue;
    shown.add(field);
    const label = field === form ? 'The request' : labelOf(field);
    if (field !== form) {
      const errorId = `${field.id}-error`;
      const message = $(
        'p',
        { class: 'field-error', id: errorId },
        $('span', { class: 'visually-hidden' }, 'Error: '),
        issue.message,
      );
      if (field instanceof HTMLFieldSetElement) field.querySelector('legend')?.after(message);
      else field.before(message);
      field.setAttribute('aria-invalid', 'true');
      const describedBy = field.getAttribute('aria-describedby');
      field.setAttribute('aria-describedby', describedBy ? `${describedBy} ${errorId}` : errorId);
    }
    const link = $('a', { href: `#${field.id}` }, `${label}: ${issue.message}`);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: 'center' });
    });
    items.push($('li', {}, link));
  }
  summary.replaceChildren($('h2', { id: 'form-errors-h' }, 'There is a problem'), $('ul', {}, items));
  summary.hidden = false;
  summary.focus();
}

function matchesList(matches: PartnerMatch[]) {
  if (!matches.length) return [];
  return [
    $('h2', {}, 'This company may already be a partner'),
    $(
      'ul',
      {},
      matches.map((m) => {
        const href = m.agreementId
          ? `/console/agreements/${encodeURIComponent(m.agreementId)}`
          : m.onboardingId
            ? `/console/onboardings/${encodeURIComponent(m.onboardingId)}`
            : undefined;
        const what = m.onboardingId ? `onboarding ${m.status}` : `partner, ${m.status}`;
        return $('li', {}, href ? $('a', { href }, m.legalName) : m.legalName, ` (${what}; same ${m.matchedOn})`);
      }),
    ),
    $('p', {}, 'Open it to check; start a new onboarding only for a different company, or renew the agreement.'),
  ];
}

export function onboardingForm(api: Api, opened: (onboardingId: string) => void): HTMLElement {
  const summary = $('div', {
    class: 'error-summary',
    role: 'alert',
    tabindex: '-1',
    'aria-labelledby': 'form-errors-h',
  });
  summary.hidden = true;
  const duplicates = $('div', { class: 'warning', role: 'status', 'aria-live': 'polite' });
  duplicates.hidden = true;
  const preview = $('section', { class: 'card preview', 'aria-labelledby': 'preview-h' });
  preview.hidden = true;
  const send = $('button', { type: 'submit' }, 'Start onboarding');
  const previewButton = $('button', { type: 'button', class: 'quiet' }, 'Preview the agreement');
  // one key per attempt: a double click or a resent request starts one onboarding; a refused request frees it
  let idempotencyKey = crypto.randomUUID();

  const form = $(
    'form',
    { class: 'card onboarding-form', id: 'onboarding-form', novalidate: '' },
    $(
      'fieldset',
      { class: 'group' },
      $('legend', {}, 'Company'),
      input('company.legalName', 'Legal name', { autocomplete: 'organization' }, 'As in the company register.'),
      select('company.country', 'Country of registration', [
        ['', 'Choose a country'],
        ...COUNTRIES.map(({ code, name }): [string, string] => [code, `${name} (${code})`]),
      ]),
      input('company.registrationNumber', 'Registration number (optional)', { autocomplete: 'off' }),
      input('company.lei', 'LEI (optional)', { autocomplete: 'off', maxlength: '20' }, '20 letters and digits.'),
      input('company.website', 'Website (optional)', { type: 'url', placeholder: 'https://' }),
      select('company.sector', 'Sector', [
        ['', 'Choose a sector'],
        ...SECTORS.map((s): [string, string] => [s, SECTOR_WORDS[s]]),
      ]),
      duplicates,
      rows(
        'company.people',
        'People (directors, owners; optional, screened too)',
        'Person',
        'Add a person',
        (prefix) => [
          input(`${prefix}.name`, 'Full name'),
          input(`${prefix}.role`, 'Role', { placeholder: 'director' }),
        ],
        { start: 0 },
      ),
    ),
    rows('signatories', 'Signatories for the company', 'Signatory', 'Add a signatory', signerRow, { min: 1 }),
    choices(
      'signingOrder',
      'Signing order',
      'radio',
      [
        ['sequential', 'One after another, in the order above'],
        ['parallel', 'All at once'],
      ],
      ['sequential'],
    ),
    input('signingLinkDays', 'Days a signing link stays valid', { type: 'number', min: '1', max: '90', value: '14' }),
    $(
      'fieldset',
      { class: 'group', 'data-path': 'cs', tabindex: '-1', id: fieldId('cs') },
      $('legend', {}, 'Countersignatory for the organisation (optional)'),
      $('p', { class: 'hint' }, "Leave empty for the organisation's usual countersignatory. They always sign last."),
      signerRow('cs'),
    ),
    $(
      'fieldset',
      { class: 'group' },
      $('legend', {}, 'Scope'),
      choices(
        'scope.dataCategories',
        'Data categories',
        'checkbox',
        DATA_CATEGORIES.map((c) => [c, CATEGORY_WORDS[c]]),
        [],
      ),
      choices(
        'scope.threatIntelligenceIdentifiesPeople',
        'Threat intelligence',
        'checkbox',
        [['yes', 'The threat intelligence names people (it is then personal data)']],
        [],
      ),
      choices(
        'scope.purposes',
        'Purposes',
        'checkbox',
        PURPOSES.map((p) => [p, PURPOSE_WORDS[p]]),
        [],
      ),
      choices(
        'scope.direction',
        'Direction',
        'radio',
        DIRECTIONS.map((d) => [d, DIRECTION_WORDS[d]]),
        [],
      ),
      input('scope.retentionDays', 'Retention in days', { type: 'number', min: '1', max: '3650', value: '365' }),
      input(
        'scope.excludedCountries',
        'Countries excluded from receiving data (optional)',
        { autocomplete: 'off', placeholder: 'RU, BY' },
        'Two-letter country codes, separated by commas.',
      ),
    ),
    input('termMonths', 'Term in months', { type: 'number', min: '1', max: '60', value: '24' }),
    $('div', { class: 'actions' }, previewButton, ' ', send),
  );

  // the duplicate warning follows the company's name and identifiers as they are typed
  let lookup: ReturnType<typeof setTimeout> | undefined;
  const checkDuplicates = () => {
    clearTimeout(lookup);
    lookup = setTimeout(async () => {
      const company = requestOf(form).company;
      const query = new URLSearchParams();
      for (const key of ['legalName', 'country', 'lei', 'registrationNumber'] as const)
        if (company[key]) query.set(key, company[key]);
      if (!company.legalName && !company.lei && !company.registrationNumber) {
        duplicates.hidden = true;
        return;
      }
      try {
        const { items } = await api<{ items: PartnerMatch[] }>(`/api/partners/matches?${query}`);
        duplicates.replaceChildren(...matchesList(items));
        duplicates.hidden = items.length === 0;
      } catch {
        duplicates.hidden = true; // a half-typed LEI is not worth a message here; sending names it
      }
    }, 400);
  };
  for (const path of ['company.legalName', 'company.country', 'company.lei', 'company.registrationNumber'])
    form.querySelector(`[data-path="${path}"]`)?.addEventListener('change', checkDuplicates);

  const refused = (err: unknown) => {
    idempotencyKey = crypto.randomUUID();
    if (err instanceof ApiFailure && err.issues.length) showIssues(form, summary, err.issues);
    else showIssues(form, summary, [{ path: '', message: err instanceof Error ? err.message : String(err) }]);
  };

  previewButton.addEventListener('click', async () => {
    try {
      const shown = await api<Preview>('/api/onboardings/preview', {
        method: 'POST',
        body: JSON.stringify(requestOf(form)),
      });
      clearIssues(form, summary);
      duplicates.replaceChildren(...matchesList(shown.similarPartners));
      duplicates.hidden = shown.similarPartners.length === 0;
      const frame = $('iframe', { title: 'The agreement as the company will read it', sandbox: '' });
      frame.srcdoc = shown.html;
      preview.replaceChildren(
        $('h2', { id: 'preview-h', tabindex: '-1' }, 'Preview of the agreement'),
        $('p', { class: 'muted' }, `Template ${shown.templateId} v${shown.templateVersion}. Nothing has been sent.`),
        frame,
      );
      preview.hidden = false;
      preview.querySelector<HTMLElement>('h2')?.focus();
    } catch (err) {
      refused(err);
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    send.disabled = true;
    try {
      const started = await api<{ onboardingId: string }>('/api/onboardings', {
        method: 'POST',
        body: JSON.stringify(requestOf(form)),
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      opened(started.onboardingId);
    } catch (err) {
      refused(err);
    } finally {
      send.disabled = false;
    }
  });

  return $('div', {}, $('h1', {}, 'New onboarding'), summary, form, preview);
}
