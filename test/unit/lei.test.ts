import { describe, expect, it } from 'vitest';
import { isValidLei, leiCheckDigits } from '../../functions/domain/lei.js';

describe('Function: isValidLei', () => {
  it('accepts LEIs whose ISO 7064 MOD 97-10 check digits match', () => {
    expect(isValidLei('529900T8BM49AURSDO55')).toBe(true);
    expect(isValidLei('529900NORDLICHT0TK20')).toBe(true);
  });
  it('rejects a changed character, swapped check digits and malformed input', () => {
    expect(isValidLei('529900T8BM49AURSDO56')).toBe(false);
    expect(isValidLei('529900T8BM49AURSDP55')).toBe(false);
    expect(isValidLei('529900T8BM49AURSDO5')).toBe(false);
    expect(isValidLei('529900t8bm49aursdo55')).toBe(false);
  });
  it('computes check digits that validate', () => {
    expect(isValidLei(`213800DARKWAVEHOST${leiCheckDigits('213800DARKWAVEHOST')}`)).toBe(true);
  });
});
