// The text lines of a PDF Liaison made (pdf-lib writes each line as one hex string shown with Tj, in WinAnsi for the
// standard fonts), to check what a party reads in it.
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';

export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(bytes);
  const lines: string[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const filter = object.dict.get(PDFName.of('Filter'));
    const content = Buffer.from(
      filter === PDFName.of('FlateDecode') ? inflateSync(object.contents) : object.contents,
    ).toString('latin1');
    for (const [, hex] of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g))
      lines.push(Buffer.from(hex, 'hex').toString('latin1'));
  }
  return lines;
}
