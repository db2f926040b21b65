// The scope in plain words, for the agreement text, the signing page and emails.
import type { Scope } from './schemas.js';

export const CATEGORY_WORDS: Record<Scope['dataCategories'][number], string> = {
  subscriber: 'subscriber data: who holds an account or service (name, address, contact details, account identifiers)',
  traffic: 'traffic data: when, how and between whom a communication or connection took place (not its content)',
  content: 'content data: the content of stored communications or files',
  'financial-transaction': 'financial-transaction data: payments, transfers and the accounts involved',
  'threat-intelligence': 'threat intelligence: indicators of compromise, malware and infrastructure observations',
  travel: 'travel data: bookings, itineraries and passenger information',
};

export const PURPOSE_WORDS: Record<Scope['purposes'][number], string> = {
  cybercrime: 'cybercrime',
  terrorism: 'terrorism',
  'trafficking-in-human-beings': 'trafficking in human beings',
  'drug-trafficking': 'drug trafficking',
  'financial-crime': 'financial crime',
  'child-sexual-exploitation': 'child sexual exploitation',
  'organised-crime': 'organised crime',
};

export const DIRECTION_WORDS: Record<Scope['direction'], string> = {
  'partner-to-organisation': 'from the partner to the Organisation only',
  'organisation-to-partner': 'from the Organisation to the partner only',
  bidirectional: 'in both directions between the partner and the Organisation',
};

export function describeScope(scope: Scope): string[] {
  return [
    `Data: ${scope.dataCategories.map((c) => CATEGORY_WORDS[c]).join('; ')}.`,
    `Only for: ${scope.purposes.map((p) => PURPOSE_WORDS[p]).join(', ')}.`,
    `Direction: ${DIRECTION_WORDS[scope.direction]}.`,
    `Kept for at most ${scope.retentionDays} days, then deleted.`,
    scope.excludedCountries.length > 0
      ? `Never shared with requests from: ${scope.excludedCountries.join(', ')}.`
      : 'No countries are excluded beyond the general safeguards.',
  ];
}
