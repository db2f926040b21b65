// The text lines of a PDF, as pdf.js reads them (its text items grouped by baseline), to check what a party reads in
// it. pdf.js reads glyphs through the fonts' Unicode maps; the exact-spelling check in every script, which needs the
// marked ActualText of reordered scripts, reads the PDF with poppler's pdftotext (test/e2e/executed-pdf.test.ts).
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const lines: string[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    let baseline: number | undefined;
    let line = '';
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item)) continue;
      const y = item.transform[5];
      if (baseline !== undefined && Math.abs(y - baseline) > 1) {
        lines.push(line);
        line = '';
      }
      baseline = y;
      line += item.str;
    }
    if (line) lines.push(line);
  }
  await pdf.destroy();
  return lines;
}
