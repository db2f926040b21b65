// dsa-standard version 1.0.0. Published: never edit; publish a new version as a new file.
export const dsaStandardV1 = {
  id: 'dsa-standard',
  version: '1.0.0',
  body: `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Data-sharing agreement {{agreementId}}</title>
<style>body{font-family:Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111}h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.6rem}.meta{color:#555;font-size:.9rem}</style>
</head>
<body>
<h1>Data-sharing agreement</h1>
<p class="meta">Agreement {{agreementId}} · template {{templateId}} v{{templateVersion}} · generated {{generatedAt}}</p>

<h2>1. Parties and roles</h2>
<p>This agreement is made between <strong>{{organisationName}}</strong> (the "Organisation") and
<strong>{{company.legalName}}</strong>, a company established in {{company.country}}{{#company.registrationNumber}}, registration number {{company.registrationNumber}}{{/company.registrationNumber}}{{#company.lei}}, LEI {{company.lei}}{{/company.lei}} (the "Partner", partner id {{partnerId}}).
Each party is a separate controller of the data it holds.</p>

<h2>2. Purpose</h2>
<p>Data is shared under this agreement only to prevent, detect and investigate the following crime areas:</p>
<ul>{{#purposes}}<li>{{words}}</li>{{/purposes}}</ul>
<p>Data shall not be used for any other purpose, and never for matters of a political, military, religious or racial character.</p>

<h2>3. Data categories</h2>
<ul>{{#categories}}<li>{{words}}</li>{{/categories}}</ul>

<h2>4. Direction, recipients and onward transfer</h2>
<p>Data flows {{directionWords}}. Onward transfer to a third party requires the prior written consent of the party that provided the data.
{{#hasExcludedCountries}}Data shall not be shared in response to requests from: {{excludedCountries}}.{{/hasExcludedCountries}}</p>

<h2>5. Retention and deletion</h2>
<p>Each recipient keeps shared data for at most {{scope.retentionDays}} days and then deletes it, unless it forms part of a criminal file under the applicable law.</p>

<h2>6. Security, rights and breaches</h2>
<p>Both parties protect shared data with appropriate technical and organisational measures, handle data subjects' requests under their applicable law, correct inaccurate data without delay, and notify the other party of a personal-data breach within 72 hours of becoming aware of it.</p>

<h2>7. Term, review and termination</h2>
<p>This agreement takes effect when the last party signs and ends {{termMonths}} months later unless renewed by a new agreement. Either party may suspend or terminate it at any time with written notice; the Organisation suspends it at once if the Partner appears on a sanctions list.</p>

<h2>8. Signatures</h2>
<p>For the Partner:</p>
<ul>{{#signatories}}<li>{{name}}, {{title}} ({{email}})</li>{{/signatories}}</ul>
<p>For the Organisation: {{countersignatory.name}}, {{countersignatory.title}} ({{countersignatory.email}})</p>
</body>
</html>
`,
} as const;
