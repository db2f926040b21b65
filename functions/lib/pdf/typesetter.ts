// Lines of text in any script onto PDF pages, exactly as written. pdfkit embeds subsets of the fonts and shapes each
// run with fontkit (Arabic joining, Devanagari conjuncts and reordering, right-to-left glyph order); bidi-js orders the
// runs of a line by the Unicode bidirectional algorithm; lib/pdf/fonts.ts picks the font per character. Each
// left-to-right run is marked with its text as written (PDF ActualText), so copying or extracting gives back the
// characters in their logical order even where the glyphs are reordered (Devanagari); right-to-left runs are drawn
// word by word, from which readers rebuild their order (see drawRightToLeft).
import bidiFactory from 'bidi-js';
import { create as openFont } from 'fontkit';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { type Face, FontLibrary, type Weight } from './fonts.js';

const PAGE = { size: 'A4', width: 595.28, height: 841.89, margin: 56 } as const;
const LINE_HEIGHT = 1.35;
const INK = '#121212';

const bidi = bidiFactory();

/** Characters that belong with the run before them rather than choosing a font of their own. */
const JOINS_PREVIOUS = /^(?:\s|\p{M}|\u200c|\u200d|[\ufe00-\ufe0f])$/u;

const RIGHT_TO_LEFT_SCRIPT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

/**
 * The font files read and parsed so far, kept for the process's life: a warm function makes its next PDF without
 * reading or parsing them again. A file whose tables do not parse is remembered as null and skipped.
 */
const fontFiles = new Map<string, { bytes: Buffer; font: ReturnType<typeof openFont> } | null>();

function loadedFace(face: Face) {
  if (!fontFiles.has(face.path)) {
    try {
      const bytes = readFileSync(face.path);
      const font = openFont(bytes);
      font.characterSet; // parses the character map now, not when the PDF is written
      fontFiles.set(face.path, { bytes, font });
    } catch {
      fontFiles.set(face.path, null);
    }
  }
  return fontFiles.get(face.path);
}

const libraries = new Map<string, FontLibrary>();
const libraryFor = (taskRoot: string) => {
  let library = libraries.get(taskRoot);
  if (!library) {
    library = new FontLibrary(taskRoot);
    libraries.set(taskRoot, library);
  }
  return library;
};

interface Run {
  /** Start and end (exclusive) in the paragraph, in logical order. */
  start: number;
  end: number;
  face: Face;
  rtl: boolean;
}

export interface Metadata {
  title: string;
  keywords: string;
  createdAt: Date;
}

export class Typesetter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly fonts: FontLibrary;
  /** The faces this document has registered with pdfkit (it embeds a subset of each it draws with). */
  private readonly registered = new Set<string>();
  private y: number = PAGE.margin;
  readonly width = PAGE.width - 2 * PAGE.margin;

  constructor(taskRoot: string, meta: Metadata) {
    this.fonts = libraryFor(taskRoot);
    this.doc = new PDFDocument({
      size: PAGE.size,
      margin: PAGE.margin,
      info: {
        Title: meta.title,
        Keywords: meta.keywords,
        Producer: 'Liaison',
        Creator: 'Liaison',
        CreationDate: meta.createdAt,
        ModDate: meta.createdAt,
      },
      displayTitle: true,
      lang: 'en',
      // no standard font: pdfkit would load its Helvetica metrics from a path a bundle does not carry
      font: null as unknown as string,
    });
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.doc.fillColor(INK);
  }

  newPage() {
    this.doc.addPage();
    this.y = PAGE.margin;
  }

  space(points = 8) {
    this.y += points;
  }

  /** A paragraph, wrapped to the page's width at spaces (anywhere, for a word longer than a line). */
  paragraph(text: string, { size = 10, bold = false, gap = 4 } = {}) {
    const weight: Weight = bold ? 700 : 400;
    const levels = bidi.getEmbeddingLevels(text, 'ltr');
    const faces = this.facesOf(text, weight);
    for (const [start, end] of this.lines(text, faces, size)) {
      if (this.y + size * LINE_HEIGHT > PAGE.height - PAGE.margin) this.newPage();
      this.drawLine(text, levels, faces, start, end, size);
      this.y += size * LINE_HEIGHT;
    }
    this.y += gap;
  }

  async bytes(): Promise<Uint8Array> {
    const ended = new Promise<void>((resolve) => this.doc.on('end', resolve));
    this.doc.end();
    await ended;
    return new Uint8Array(Buffer.concat(this.chunks));
  }

  /** The face of each UTF-16 unit of the text. */
  private facesOf(text: string, weight: Weight): Face[] {
    const order = this.fonts.orderFor(text);
    const faces: Face[] = [];
    let previous: Face | undefined;
    for (const char of text) {
      const codePoint = char.codePointAt(0) ?? 0;
      let face = previous && JOINS_PREVIOUS.test(char) && this.draws(previous, codePoint) ? previous : undefined;
      if (!face)
        for (const candidate of this.fonts.candidates(codePoint, weight, order))
          if (this.draws(candidate, codePoint)) {
            face = candidate;
            break;
          }
      // no font has it: the run shows a placeholder glyph (a left-to-right run's ActualText keeps the character)
      face ??= previous ?? this.fonts.fallback(weight);
      this.use(face);
      for (let unit = 0; unit < char.length; unit++) faces.push(face);
      previous = face;
    }
    return faces;
  }

  /** A face's file, registered with this document on first use; undefined when it does not parse. */
  private use(face: Face) {
    const file = loadedFace(face) ?? undefined;
    if (file && !this.registered.has(face.key)) {
      this.doc.registerFont(face.key, file.bytes);
      this.registered.add(face.key);
    }
    return file;
  }

  private draws(face: Face, codePoint: number): boolean {
    return this.use(face)?.font.hasGlyphForCodePoint(codePoint) ?? false;
  }

  /** The width of a stretch of the text, measured per stretch of one face (order does not change a width). */
  private widthOf(text: string, faces: Face[], start: number, end: number, size: number): number {
    let width = 0;
    let from = start;
    for (let i = start + 1; i <= end; i++)
      if (i === end || faces[i] !== faces[from]) {
        width += this.doc.font(faces[from].key).fontSize(size).widthOfString(text.slice(from, i));
        from = i;
      }
    return width;
  }

  /** Line breaks, as [start, end) pairs without the spaces at the break. */
  private lines(text: string, faces: Face[], size: number): Array<[number, number]> {
    const lines: Array<[number, number]> = [];
    const words = [...text.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length] as [number, number]);
    let line: [number, number] | undefined;
    for (const [wordStart, wordEnd] of words) {
      if (line && this.widthOf(text, faces, line[0], wordEnd, size) <= this.width) {
        line[1] = wordEnd;
        continue;
      }
      if (line) lines.push(line);
      line = [wordStart, wordEnd];
      // a word longer than the line is cut where it must be, between characters
      while (this.widthOf(text, faces, line[0], line[1], size) > this.width) {
        let cut: number = line[0] + 1;
        while (cut < line[1] && this.widthOf(text, faces, line[0], cut + 1, size) <= this.width) cut++;
        if (/[\udc00-\udfff]/.test(text[cut] ?? '')) cut++;
        lines.push([line[0], cut]);
        line = [cut, line[1]];
      }
    }
    if (line) lines.push(line);
    return lines.length ? lines : [[0, 0]];
  }

  private drawLine(
    text: string,
    levels: ReturnType<typeof bidi.getEmbeddingLevels>,
    faces: Face[],
    start: number,
    end: number,
    size: number,
  ) {
    if (end <= start) return;
    const mirrored = bidi.getMirroredCharactersMap(text, levels.levels, start, end - 1);
    // runs in visual order: consecutive indices of one face and direction
    const visual = Array.from({ length: end - start }, (_, offset) => start + offset);
    for (const [from, to] of bidi.getReorderSegments(text, levels, start, end - 1))
      visual.splice(from - start, to - from + 1, ...visual.slice(from - start, to - start + 1).reverse());
    const runs: Run[] = [];
    for (const index of visual) {
      const rtl = (levels.levels[index] & 1) === 1;
      const last = runs.at(-1);
      const follows = last && (rtl ? index === last.start - 1 : index === last.end);
      if (last && follows && last.rtl === rtl && last.face === faces[index]) {
        if (rtl) last.start = index;
        else last.end = index + 1;
      } else runs.push({ start: index, end: index + 1, face: faces[index], rtl });
    }
    let x = PAGE.margin;
    const baseline = this.y + size;
    for (const run of runs) {
      const written = text.slice(run.start, run.end);
      const shown = Array.from(
        { length: written.length },
        (_, offset) => mirrored.get(run.start + offset) ?? written[offset],
      ).join('');
      const width = this.doc.font(run.face.key).fontSize(size).widthOfString(shown);
      if (run.rtl) this.drawRightToLeft(shown, x, baseline);
      // fontkit lays out Arabic or Hebrew script right to left, digits too: left-to-right ones go one by one
      else if (RIGHT_TO_LEFT_SCRIPT.test(shown)) this.drawOneByOne(shown, x, baseline);
      else if (written.trim())
        this.withActualText(written, () =>
          this.doc.text(shown, x, baseline, { lineBreak: false, baseline: 'alphabetic' }),
        );
      x += width;
    }
  }

  private drawOneByOne(shown: string, x: number, baseline: number) {
    let left = x;
    for (const char of shown) {
      if (char.trim()) this.doc.text(char, left, baseline, { lineBreak: false, baseline: 'alphabetic' });
      left += this.doc.widthOfString(char);
    }
  }

  /**
   * Right-to-left text word by word, the last word leftmost, each word's glyphs in the order fontkit shaped them.
   * Readers rebuild the logical order of right-to-left words from their glyphs (ActualText would be read backwards).
   */
  private drawRightToLeft(shown: string, x: number, baseline: number) {
    const space = this.doc.widthOfString(' ');
    let left = x;
    for (const word of shown.split(' ').reverse()) {
      if (word) this.doc.text(word, left, baseline, { lineBreak: false, baseline: 'alphabetic' });
      left += this.doc.widthOfString(word) + space;
    }
  }

  /**
   * Draws with the text as written attached. The marks go inside the text object's graphics state (pdfkit wraps each
   * text object in its own transform), where readers such as poppler look for the glyphs they stand for.
   */
  private withActualText(written: string, draw: () => void) {
    const utf16 = Buffer.from(written, 'utf16le').swap16().toString('hex');
    const add = this.doc.addContent.bind(this.doc);
    this.doc.addContent = (content: string) => {
      if (content === 'BT') add(`/Span <</ActualText <feff${utf16}>>> BDC`);
      add(content);
      if (content === 'ET') add('EMC');
      return this.doc;
    };
    try {
      draw();
    } finally {
      this.doc.addContent = add;
    }
  }
}
