// ISO 3166-1 alpha-2 country codes: the officially assigned ones (wooorm's iso-3166, which follows the ISO 3166
// maintenance agency), plus XK for Kosovo, user-assigned but used by the European Commission and many registries.
// The functions validate codes with the small code-to-code table; only the console's form carries the names.
import { iso31661Alpha2ToAlpha3 } from 'iso-3166/1-a2-to-1-a3.js';
import { iso31661 } from 'iso-3166/1.js';

export const COUNTRY_CODES: ReadonlySet<string> = new Set([...Object.keys(iso31661Alpha2ToAlpha3), 'XK']);

export const isCountryCode = (code: string) => COUNTRY_CODES.has(code);

/** Every code with its English short name, by name: the choices a person picks a country from. */
export const COUNTRIES: readonly { code: string; name: string }[] = /* @__PURE__ */ [
  ...iso31661.map((country) => ({ code: country.alpha2, name: country.name })),
  { code: 'XK', name: 'Kosovo' },
].sort((a, b) => a.name.localeCompare(b.name, 'en'));
