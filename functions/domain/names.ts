// Comparing company names as people write them.

/** Folds a name for comparison: case, accents, punctuation and spacing do not make two companies different. */
export const foldedName = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
