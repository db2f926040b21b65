// The part of fontkit (pdfkit's font engine) Liaison calls; the package ships no types.
declare module 'fontkit' {
  export interface Font {
    characterSet: number[];
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(bytes: Buffer): Font;
}
