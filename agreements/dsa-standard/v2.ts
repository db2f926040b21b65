// dsa-standard version 2.0.0: the clause library, chosen by the scope. Published: never edit;
// publish a new version as a new file (agreements/published.json pins its content hash).
import type { AgreementTemplate } from '../../functions/domain/agreement.js';

export const dsaStandardV2: AgreementTemplate = {
  id: 'dsa-standard',
  version: '2.0.0',
  layout:
    `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Data-sharing agreement {{agreementId}}</title>
<style>body{font-family:Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 ` +
    `1rem;line-height:1.5;color:#111}h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.6rem}` +
    `.meta{color:#555;font-size:.9rem}</style>
</head>
<body>
<h1>Data-sharing agreement between {{organisationName}} and {{company.legalName}}</h1>
<p class="meta">Agreement {{agreementId}} · template {{templateId}} v{{templateVersion}} · generated {{generatedAt}}</p>
{{#each clauses}}<section id="clause-{{id}}">
<h2>{{number}}. {{title}}</h2>
{{{body}}}
</section>
{{/each}}</body>
</html>
`,
  clauses: [
    {
      id: 'parties',
      title: 'Parties and roles',
      when: { always: true },
      body:
        `<p>This agreement is made between <strong>{{organisationName}}</strong> (the "Organisation") and ` +
        `<strong>{{company.legalName}}</strong>,
a company established in {{company.country}}{{#if company.registrationNumber}}, registration number ` +
        `{{company.registrationNumber}}{{/if}}{{#if company.lei}}, LEI {{company.lei}}{{/if}} (the "Partner", ` +
        `partner id {{partnerId}}).</p>
<p>Each party is a separate controller of the data it holds and answers for its own processing. Neither party ` +
        `processes data on the other's behalf.</p>`,
    },
    {
      id: 'purpose',
      title: 'Purpose and permitted crime areas',
      when: { always: true },
      body:
        `<p>Data is shared under this agreement only to prevent, detect and investigate the following crime ` +
        `areas:</p>
<ul>{{#each purposes}}<li>{{words}}</li>{{/each}}</ul>
<p>Data shall not be used for any other purpose. A new purpose requires a new agreement.</p>`,
    },
    {
      id: 'data-categories',
      title: 'Data shared',
      when: { always: true },
      body: `<p>Only the following categories of data may be shared:</p>
<ul>{{#each categories}}<li>{{words}}</li>{{/each}}</ul>
<p>Each exchange is checked against this list before it takes place; anything else is refused.</p>`,
    },
    {
      id: 'direction-recipients',
      title: 'Direction, recipients and onward transfer',
      when: { always: true },
      body:
        `<p>Data flows {{directionWords}}. Within the Organisation, data is available only to staff and to the ` +
        `national
authorities of member countries working on the purposes above.</p>
<p>{{#if hasExcludedCountries}}Data shall not be shared in response to requests from: ` +
        `{{excludedCountries}}.{{else}}No requesting country is excluded beyond the safeguards of this ` +
        `agreement.{{/if}}</p>
<p>Onward transfer to any third party requires the prior written consent of the party that provided the data.</p>`,
    },
    {
      id: 'lawful-basis',
      title: 'Lawful basis',
      when: { always: true },
      body:
        `<p>The Partner shares data on the basis of the legal obligations and legitimate interests recognised by ` +
        `the law of
{{company.country}} for cooperation with law enforcement; the Organisation processes it under its own rules on the ` +
        `processing
of data. Each party confirms it has a lawful basis for every exchange and keeps a record of it.</p>`,
    },
    {
      id: 'retention',
      title: 'Retention and deletion',
      when: { always: true },
      body:
        `<p>Each recipient keeps shared data for at most {{scope.retentionDays}} days and then deletes it, ` +
        `unless it has become part of a
criminal file under the applicable law. Deletion covers backups within their normal rotation.</p>`,
    },
    {
      id: 'security',
      title: 'Security',
      when: { always: true },
      body:
        `<p>Both parties protect shared data with appropriate technical and organisational measures: encryption ` +
        `in transit and at
rest, access limited to named staff with a need to know, logging of every access, and regular testing of these ` +
        `measures.</p>`,
    },
    {
      id: 'data-subject-rights',
      title: "Data subjects' rights",
      when: { always: true },
      body:
        `<p>Requests from individuals about data shared under this agreement are handled by the party that ` +
        `received them, under its
applicable law; the other party assists within 10 working days. Restrictions on access for the protection of ` +
        `investigations
are applied only as that law allows and are recorded.</p>`,
    },
    {
      id: 'accuracy',
      title: 'Accuracy and correction',
      when: { always: true },
      body:
        `<p>Each party shares data that is accurate and up to date as far as it knows, says when it is not sure, ` +
        `and tells the other
party without delay when data it shared turns out to be inaccurate, so that it is corrected or deleted everywhere.</p>`,
    },
    {
      id: 'breach-notification',
      title: 'Breach notification',
      when: { always: true },
      body:
        `<p>A party that becomes aware of a breach affecting shared data notifies the other party within ` +
        `{{breachNotificationHours}} hours,
with what is known of its nature, the data and individuals concerned, and the measures taken.</p>`,
    },
    {
      id: 'neutrality-human-rights',
      title: 'Neutrality and human rights',
      when: { always: true },
      body:
        `<p>No data is shared or used for any matter of a political, military, religious or racial character. No ` +
        `data is processed
against a person with refugee status in relation to the country that persecutes them, nor used in a way that could ` +
        `lead to the
death penalty, torture or other inhuman treatment.</p>`,
    },
    {
      id: 'content-data',
      title: 'Additional safeguards for content data',
      when: { anyCategory: ['content'] },
      body:
        `<p>Content data is shared only on a request that names the account and the period concerned and is ` +
        `backed by an order or
authorisation that the law of the requested party recognises. It is minimised to what the investigation needs and is ` +
        `never used
to build profiles of persons not under investigation.</p>`,
    },
    {
      id: 'financial-transactions',
      title: 'Additional safeguards for financial-transaction data',
      when: { anyCategory: ['financial-transaction'] },
      body:
        `<p>Financial-transaction data is shared without prejudice to the Partner's duties towards its financial ` +
        `intelligence unit and
its supervisor, and without tipping off the persons concerned. Account numbers are shared only where the request ` +
        `needs them.</p>`,
    },
    {
      id: 'bidirectional',
      title: 'Data the Organisation provides to the Partner',
      when: { direction: 'bidirectional' },
      body:
        `<p>Data the Organisation provides is used by the Partner only to act on the purposes above (for example ` +
        `to block abuse or
preserve evidence), is not combined with the Partner's customer data for any other use, and is deleted when that ` +
        `action is done.</p>`,
    },
    {
      id: 'international-transfer',
      title: 'Transfers to a country without an adequacy decision',
      when: { partnerOutsideAdequacyWithPersonalData: true },
      body:
        `<p>{{company.country}} has no EU adequacy decision. Personal data is exchanged only with the ` +
        `appropriate safeguards of this
agreement, the Partner informs the Organisation of any law that would prevent it from complying with them, and the ` +
        `Organisation
may suspend exchanges at once if such a law applies.</p>`,
    },
    {
      id: 'audit-review',
      title: 'Audit and review',
      when: { always: true },
      body:
        `<p>Every exchange under this agreement is logged by the Organisation with its purpose, category and ` +
        `requesting country. Either
party may audit the other's compliance on reasonable notice. The parties review this agreement at least once a ` +
        `year.</p>`,
    },
    {
      id: 'suspension-termination',
      title: 'Suspension and termination',
      when: { always: true },
      body:
        `<p>Either party may suspend exchanges at once, or terminate this agreement with written notice, if the ` +
        `other party breaches it.
The Organisation suspends it at once if the Partner or a person controlling it appears on a sanctions list. On ` +
        `termination each
party deletes the data it received, except what has become part of a criminal file.</p>`,
    },
    {
      id: 'term',
      title: 'Term, expiry and renewal',
      when: { always: true },
      body:
        `<p>This agreement takes effect when the last party signs and ends {{termMonths}} months later. It is ` +
        `renewed only by a new
agreement; no exchange takes place under an expired agreement.</p>`,
    },
    {
      id: 'signatures',
      title: 'Signatures',
      when: { always: true },
      body:
        `<p>For the Partner:</p>
<ul>{{#each signatories}}<li>{{name}}, {{title}} ({{email}})</li>{{/each}}</ul>
<p>For the Organisation: {{countersignatory.name}}, {{countersignatory.title}} ({{countersignatory.email}})</p>
<p>Signatures are given electronically through personal, single-use links; the certificate of completion records ` +
        `when and from where.</p>`,
    },
  ],
};
