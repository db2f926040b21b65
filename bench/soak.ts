// Memory under a soak: 1,000 onboardings (one company signer and the countersignature, signed over HTTP, four at
// a time) and an access check after each, through the whole local runtime in this process. Prints the process's
// RSS and heap after every 100, against the figure after the first 100 (the warm baseline measured in the same
// run): memory that keeps growing with the number of onboardings is a leak, memory that levels off is bounded.
//   npm run bench:soak            (BENCH_SOAK_ONBOARDINGS to change the number)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { startLocal } from '../local/runtime.js';
import { onboardingRequest } from '../test/support/local-server.js';
import { print, result } from './measure.js';

const TOTAL = Number(process.env.BENCH_SOAK_ONBOARDINGS ?? 1_000);
const AT_ONCE = 4;
const STEP = 100;

const report = console.log.bind(console);
console.log = () => undefined; // the runtime's own log lines

const dataDir = mkdtempSync(join(tmpdir(), 'liaison-soak-'));
const runtime = await startLocal({ dataDir, port: 0 });
const officer = { authorization: `Bearer ${runtime.credentials.officer}`, 'content-type': 'application/json' };
const service = { authorization: `Bearer ${runtime.credentials.service}`, 'content-type': 'application/json' };
const approver = { authorization: `Bearer ${runtime.credentials.approver}`, 'content-type': 'application/json' };

/** The newest signing link sent to `email` for `legalName`, from the local mailbox. */
async function linkFor(email: string, legalName: string) {
  for (let attempt = 0; attempt < 400; attempt++) {
    const message = runtime.mail
      .list()
      .find((m) => m.to.includes(email) && m.subject.startsWith('Please sign') && m.subject.endsWith(legalName));
    const link = message && runtime.mail.get(message.id)?.text.match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)?.[0];
    if (link) return link;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no signing link for ${email} (${legalName})`);
}

/** Names this alike look like the same company to vetting: the approver clears each such review. */
async function approveIfReviewed(onboardingId: string) {
  for (let attempt = 0; attempt < 400; attempt++) {
    const view = await fetch(`${runtime.url}/api/onboardings/${onboardingId}`, { headers: officer });
    const { status } = (await view.json()) as { status: string };
    if (status === 'AWAITING_SIGNATURES') return;
    if (status === 'IN_REVIEW') {
      const review = await fetch(`${runtime.url}/api/onboardings/${onboardingId}/review`, {
        method: 'POST',
        headers: approver,
        body: JSON.stringify({
          gate: 'vetting-review',
          decision: 'approve',
          reason: 'a different company of a similar name',
        }),
      });
      if (review.status < 300) continue;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`onboarding ${onboardingId} did not reach signing`);
}

const sign = (link: string, fullName: string) =>
  fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action: 'sign', fullName, title: 'Director', consent: 'yes' }),
  }).then((r) => r.arrayBuffer());

async function onboard(i: number) {
  const legalName = `Soak Networks ${i} GmbH`;
  const signer = { name: 'Sam Soak', email: `sam${i}@soak.example`, title: 'CEO' };
  const started = await fetch(`${runtime.url}/api/onboardings`, {
    method: 'POST',
    headers: officer,
    body: JSON.stringify(
      onboardingRequest({
        company: { legalName, country: 'DE', sector: 'telecom', people: [] },
        signatories: [signer],
      }),
    ),
  });
  const { onboardingId, partnerId } = (await started.json()) as { onboardingId: string; partnerId: string };
  await approveIfReviewed(onboardingId);
  await sign(await linkFor(signer.email, legalName), signer.name);
  await sign(await linkFor('legal@liaison.local', legalName), 'Head of Legal Affairs');
  const done = await runtime.runner.settled(onboardingId);
  if (done?.status !== 'SUCCEEDED') throw new Error(`onboarding ${onboardingId} ended ${done?.status}`);
  const check = await fetch(`${runtime.url}/api/access-checks`, {
    method: 'POST',
    headers: service,
    body: JSON.stringify({
      partnerId,
      dataCategory: 'threat-intelligence',
      purpose: 'cybercrime',
      direction: 'partner-to-organisation',
      requestingCountry: 'FR',
    }),
  });
  if (((await check.json()) as { decision: string }).decision !== 'ALLOW') throw new Error('access check denied');
}

const samples: { onboardings: number; rssMb: number; heapMb: number }[] = [];
const started = performance.now();
let next = 0;
async function worker() {
  while (next < TOTAL) {
    const i = next++;
    await onboard(i);
    if ((i + 1) % STEP === 0) {
      global.gc?.();
      // BENCH_SOAK_SNAPSHOTS=1: heap snapshots to compare, to find what grows
      if (process.env.BENCH_SOAK_SNAPSHOTS) writeHeapSnapshot(join(tmpdir(), `liaison-soak-${i + 1}.heapsnapshot`));
      const { rss, heapUsed } = process.memoryUsage();
      samples.push({ onboardings: i + 1, rssMb: rss / 1_048_576, heapMb: heapUsed / 1_048_576 });
      report(
        `${String(i + 1).padStart(5)} onboardings: RSS ${(rss / 1_048_576).toFixed(0)} MB, ` +
          `heap ${(heapUsed / 1_048_576).toFixed(0)} MB, ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }
  }
}
await Promise.all(Array.from({ length: AT_ONCE }, worker));
await runtime.stop();
rmSync(dataDir, { recursive: true, force: true });

console.log = report;
const [first, last] = [samples[0], samples.at(-1)!];
const secondHalf = samples.slice(Math.floor(samples.length / 2));
const growthPer100 =
  (secondHalf.at(-1)!.rssMb - secondHalf[0].rssMb) / Math.max(1, (secondHalf.length - 1) * (STEP / 100));
print([
  result(`soak: RSS after ${last.onboardings} onboardings`, last.rssMb, 'MB', first.rssMb, 'baseline: after 100'),
  result(`soak: heap after ${last.onboardings} onboardings`, last.heapMb, 'MB', first.heapMb, 'baseline: after 100'),
  result('soak: RSS growth per 100 onboardings, second half', growthPer100, 'MB', 1, 'absolute figure'),
]);
process.exit(0);
