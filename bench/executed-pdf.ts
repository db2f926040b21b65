// The executed PDF with names in every script the Organisation meets, against the same PDF with Latin names only:
// how long it takes to make, the first in a process (fonts read) and the next ones, and how large it is.
import { executedPdf } from '../functions/services/executed-pdf.js';
import { AT, agreementRecord, signatureRecord } from '../test/support/records.js';
import { median, result, timeEach, type Result } from './measure.js';

const RUNS = 6;
const EVERY_SCRIPT = [
  ['Zoë Dvořák-Nuñez', 'Directrice générale'],
  ['Владимир Петров', 'Генеральный директор'],
  ['Γιώργος Παπαδόπουλος', 'Διευθύνων Σύμβουλος'],
  ['محمد علي', 'المدير القانوني'],
  ['דוד כהן', 'יועץ משפטי'],
  ['王伟', '法务总监'],
  ['田中 さくら', '法務部長'],
  ['김민준', '법무 이사'],
  ['अनुराग शर्मा', 'मुख्य कानूनी अधिकारी'],
];
const LATIN = EVERY_SCRIPT.map((_, index) => [`Signer Number ${index}`, 'Head of Legal']);
const CLAUSES = '<p>Clause text of the agreement. '.repeat(40);
const AGREEMENT_HTML = `<html><body><h1>Data-sharing agreement</h1>${CLAUSES}</p></body></html>`;

const make = (people: string[][]) =>
  executedPdf({
    agreementHtml: AGREEMENT_HTML,
    agreement: agreementRecord({
      signatures: people.map(([name, title], index) => signatureRecord({ signerId: `s${index}`, name, title })),
    }),
    signers: people.map(([name, title]) => ({
      name,
      typedName: name,
      title,
      email: 'signer@example.org',
      role: 'company',
      sentAt: AT,
      signedAt: AT,
      ip: '192.0.2.1',
      userAgent: 'bench',
      documentSha256: 'd'.repeat(64),
    })),
    acted: [{ what: 'Started the onboarding', by: 'Olu Officer <olu@liaison.example>', at: AT }],
    producedAt: new Date(AT),
    organisation: 'the Test Organisation',
  });

export async function executedPdfFigures(): Promise<Result[]> {
  let everySize = 0;
  let latinSize = 0;
  // Latin first: each kind's first PDF reads the font files it needs, as a function's first PDF does
  const latin = await timeEach(RUNS, async () => {
    latinSize = (await make(LATIN)).length;
  });
  const every = await timeEach(RUNS, async () => {
    everySize = (await make(EVERY_SCRIPT)).length;
  });
  const baseline = 'baseline: the same PDF with Latin names only';
  return [
    result(
      'executed PDF, names in 9 scripts: first in a process',
      every[0],
      'ms',
      latin[0],
      `${baseline}; each reads and parses the font files it needs`,
    ),
    result(
      'executed PDF, names in 9 scripts: time to make',
      median(every.slice(1)),
      'ms',
      median(latin.slice(1)),
      `${baseline}; fonts already read (a warm function), subset for each PDF`,
    ),
    result(
      'executed PDF, names in 9 scripts: size',
      everySize / 1024,
      'KiB',
      latinSize / 1024,
      `${baseline}; subset fonts embedded`,
    ),
  ];
}
