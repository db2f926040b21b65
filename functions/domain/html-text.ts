// The text of a block of the agreement's HTML, as the executed PDF prints it: inline markup dropped, character
// references decoded, spacing collapsed. The agreement's HTML is made by the template engine, which escapes every
// value with the references below; published templates write characters, not named references, beyond these
// (agreements/publish.ts refuses others), so a full entity table is not needed.

/** The named character references the agreement's HTML may hold. */
export const NAMED_REFERENCES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

const codePoint = (n: number) =>
  Number.isInteger(n) && n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\ufffd';

/** Named references other than NAMED_REFERENCES in a piece of markup (a template that the PDF could not print). */
export const unknownReferences = (html: string) =>
  [...html.matchAll(/&([A-Za-z][A-Za-z0-9]*);/g)].map((m) => m[1]).filter((name) => !(name in NAMED_REFERENCES));

export function inlineText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:#(\d+)|#[xX]([0-9A-Fa-f]+)|([A-Za-z][A-Za-z0-9]*));/g, (reference, decimal, hex, name) =>
      decimal
        ? codePoint(Number(decimal))
        : hex
          ? codePoint(Number.parseInt(hex, 16))
          : (NAMED_REFERENCES[name] ?? reference),
    )
    .replace(/\s+/g, ' ')
    .trim();
}
