// ISO 3166-1 alpha-2 country codes: the officially assigned ones (wooorm's iso-3166, which follows the ISO 3166
// maintenance agency), plus XK for Kosovo, user-assigned but used by the European Commission and many registries.
import { iso31661 } from 'iso-3166/1.js';

export const COUNTRY_CODES: ReadonlySet<string> = new Set([...iso31661.map((country) => country.alpha2), 'XK']);

export const isCountryCode = (code: string) => COUNTRY_CODES.has(code);

/** Every code with its English short name, by name: the choices a person picks a country from. */
export const COUNTRIES: readonly { code: string; name: string }[] = [
  ...iso31661.map((country) => ({ code: country.alpha2, name: country.name })),
  { code: 'XK', name: 'Kosovo' },
].sort((a, b) => a.name.localeCompare(b.name, 'en'));
