// Which font draws which character in the executed PDF. The fonts are Noto, as Fontsource packages them: each
// family is split into files by Unicode range, and each package's `<weight>.css` says which file holds which range,
// as it tells a browser. We read those files the same way, loading a file only when a character needs it.
// A bundle that makes PDFs carries the same files at the same path under its task root (infra/liaison-function.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Weight = 400 | 700;

/** The families in the order they are tried; Han characters go to the CJK family the text itself points to. */
export const FONT_PACKAGES = [
  'noto-sans',
  'noto-sans-arabic',
  'noto-sans-hebrew',
  'noto-sans-devanagari',
  'noto-sans-sc',
  'noto-sans-kr',
] as const;
type FontPackage = (typeof FONT_PACKAGES)[number];

export const FONT_WEIGHTS: readonly Weight[] = [400, 700];

/** Where the packages live under a task root, in the sources and in a bundle alike. */
export const FONT_DIR = 'node_modules/@fontsource';

export interface Face {
  /** Unique per file, the name the PDF's font resource gets. */
  key: string;
  path: string;
  ranges: Array<[number, number]>;
}

const parseRanges = (list: string): Array<[number, number]> =>
  list.split(',').map((part) => {
    const [from, to = from] = part.trim().replace(/^U\+/i, '').split('-');
    return [Number.parseInt(from, 16), Number.parseInt(to, 16)];
  });

function facesOf(taskRoot: string, pkg: FontPackage, weight: Weight): Face[] {
  const dir = join(taskRoot, FONT_DIR, pkg);
  const css = join(dir, `${weight}.css`);
  if (!existsSync(css)) return [];
  const faces: Face[] = [];
  for (const [, block] of readFileSync(css, 'utf8').matchAll(/@font-face\s*{([^}]*)}/g)) {
    // WOFF, not WOFF2: fontkit's WOFF2 reader mislays composite glyphs when it subsets them
    const file = block.match(/url\(\.\/(files\/[^)]+\.woff)\)/)?.[1];
    const range = block.match(/unicode-range:\s*([^;]+);/)?.[1];
    if (!file || !range) continue;
    faces.push({ key: file.replace(/^files\/|\.woff$/g, ''), path: join(dir, file), ranges: parseRanges(range) });
  }
  return faces;
}

const HAN_PREFERENCE: Record<string, FontPackage[]> = {
  // Hangul in the text: Korean forms of any Hanja beside it
  korean: ['noto-sans-kr', 'noto-sans-sc'],
  other: ['noto-sans-sc', 'noto-sans-kr'],
};

export class FontLibrary {
  private readonly faces = new Map<string, Face[]>();
  constructor(private readonly taskRoot: string) {}

  private familyFaces(pkg: FontPackage, weight: Weight): Face[] {
    const id = `${pkg}@${weight}`;
    let faces = this.faces.get(id);
    if (!faces) {
      faces = facesOf(this.taskRoot, pkg, weight);
      this.faces.set(id, faces);
    }
    return faces;
  }

  /** The families to try for a text, in order. */
  orderFor(text: string): FontPackage[] {
    const han = /\p{Script=Hangul}/u.test(text) ? HAN_PREFERENCE.korean : HAN_PREFERENCE.other;
    return [...FONT_PACKAGES.filter((pkg) => !han.includes(pkg)), ...han];
  }

  /** The faces that claim a character at a weight, best first (the regular weight when a family has no bold). */
  *candidates(codePoint: number, weight: Weight, order: readonly FontPackage[]): Generator<Face> {
    for (const pkg of order)
      for (const w of weight === 400 ? [400 as const] : [weight, 400 as const])
        for (const face of this.familyFaces(pkg, w))
          if (face.ranges.some(([from, to]) => codePoint >= from && codePoint <= to)) yield face;
  }

  /** The face for text no font covers: its text layer still carries the characters (see the typesetter). */
  fallback(weight: Weight): Face {
    const faces = this.familyFaces('noto-sans', weight);
    const latin = faces.find((f) => f.key.includes('-latin-')) ?? faces[0];
    if (!latin) throw new Error(`no fonts under ${join(this.taskRoot, FONT_DIR)}: run npm ci`);
    return latin;
  }
}
