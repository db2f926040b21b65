// The executed PDF carries every name and title exactly as written, in every script the Organisation meets, as a
// party's PDF reader gives them back: poppler's pdftotext (the e2e stage installs it beside chromium).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documentKeys } from '../../functions/ports/documents.js';
import { activateAgreement } from '../../functions/services/activation.js';
import { useFakes } from '../support/fakes.js';
import { agreementRecord, onboardingRecord, signatureRecord } from '../support/records.js';

const PEOPLE = [
  { script: 'Latin with diacritics', name: 'Zoë Dvořák-Nuñez', title: 'Directrice générale' },
  { script: 'Cyrillic', name: 'Владимир Петров', title: 'Генеральный директор' },
  { script: 'Greek', name: 'Γιώργος Παπαδόπουλος', title: 'Διευθύνων Σύμβουλος' },
  { script: 'Arabic', name: 'محمد علي', title: 'المدير القانوني' },
  { script: 'Hebrew', name: 'דוד כהן', title: 'יועץ משפטי' },
  { script: 'Chinese', name: '王伟', title: '法务总监' },
  { script: 'Japanese', name: '田中 さくら', title: '法務部長' },
  { script: 'Korean', name: '김민준', title: '법무 이사' },
  { script: 'Devanagari', name: 'अनुराग शर्मा', title: 'मुख्य कानूनी अधिकारी' },
];
const LEGAL_NAME = 'Société Générale de Télécommunications Zürich-Ñuñoa S.A.';

/** Readers mark right-to-left words with invisible direction controls; the characters between them are the test. */
const withoutDirectionMarks = (text: string) => text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');

async function executedPdf(): Promise<Uint8Array> {
  const fakes = useFakes();
  await fakes.onboardings.create(onboardingRecord({ status: 'AWAITING_SIGNATURES' }));
  const signatures = PEOPLE.map((person, index) =>
    signatureRecord({ signerId: `s${index}`, name: person.name, title: person.title, typedName: person.name }),
  );
  const agreement = agreementRecord({ legalName: LEGAL_NAME, signatures });
  await fakes.agreements.create(agreement);
  await fakes.documents.put(agreement.documentKey, `<html><body><h1>Agreement with ${LEGAL_NAME}</h1></body></html>`);
  await activateAgreement('onb_1', 'agr_1');
  return (await fakes.documents.get(documentKeys.agreementPdf('agr_1'))) as Uint8Array;
}

describe('The executed PDF in every script', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liaison-pdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back every name, title and the legal name exactly as written, with subset fonts embedded', async () => {
    const file = join(dir, 'executed.pdf');
    const bytes = await executedPdf();
    writeFileSync(file, bytes);

    const text = withoutDirectionMarks(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
    const found = Object.fromEntries(
      PEOPLE.map((p) => [p.script, { name: text.includes(p.name), title: text.includes(p.title) }]),
    );
    const everywhere = Object.fromEntries(PEOPLE.map((p) => [p.script, { name: true, title: true }]));
    expect(found).toEqual(everywhere);
    expect(text).toContain(`Signed as: ${PEOPLE[1].name}`);
    expect(text.replace(/\s+/g, ' ')).toContain(`between the Test Organisation and ${LEGAL_NAME}`);

    // every font is embedded as a subset of the glyphs used (pdffonts: emb yes, sub yes)
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(PEOPLE.length - 1);
    for (const font of fonts) expect(font).toMatch(/\+\S+.*\byes\s+yes\s+yes\b/);
    // small enough to mail: subsets, not whole CJK fonts of several megabytes
    expect(bytes.length).toBeLessThan(300_000);
  });
});
