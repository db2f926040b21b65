// ISO 17442 LEI: 18 alphanumerics + 2 check digits, verified with ISO 7064 MOD 97-10.
export function isValidLei(lei: string): boolean {
  if (!/^[0-9A-Z]{18}[0-9]{2}$/.test(lei)) return false;
  let remainder = 0;
  for (const ch of lei) {
    const value = ch >= 'A' ? ch.charCodeAt(0) - 55 : Number(ch);
    // letters expand to two digits; fold them in one digit at a time to stay in safe integers
    for (const digit of String(value)) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** Check digits for an 18-character LEI prefix (used to build valid test data). */
export function leiCheckDigits(prefix18: string): string {
  let remainder = 0;
  for (const ch of `${prefix18}00`) {
    const value = ch >= 'A' ? ch.charCodeAt(0) - 55 : Number(ch);
    for (const digit of String(value)) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return String(98 - remainder).padStart(2, '0');
}
