// The executed PDF prints each block of the agreement as html-to-text would read it, without carrying that library.
import fc from 'fast-check';
import { convert } from 'html-to-text';
import { describe, expect, it } from 'vitest';
import { publishedTemplates } from '../../agreements/index.js';
import { inlineText, unknownReferences } from '../../functions/domain/html-text.js';
import { compileStrict } from '../../functions/domain/template-engine.js';
import { PRECOMPILED } from '../../functions/domain/precompiled-agreements.js';

const viaLibrary = (html: string) => convert(html, { wordwrap: false }).replace(/\s+/g, ' ').trim();

describe('The text of an agreement block', () => {
  it('is what html-to-text reads from markup the template engine made, for any value', () => {
    const block = compileStrict('<p>The <strong>{{name}}</strong> of {{country}}<br>shares {{what}}.</p>', PRECOMPILED);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (name, country, what) => {
        const html = block({ name, country, what });
        expect(inlineText(html)).toBe(viaLibrary(html));
      }),
      { numRuns: 500 },
    );
  });

  it('decodes numeric references, and leaves an unknown name as written', () => {
    expect(inlineText('caf&#233; &#x1F600; &amp;c &nbsp;x')).toBe('café 😀 &c x');
    expect(inlineText('&#0; &#xD800;')).toBe('\ufffd \ufffd');
    expect(inlineText('&eacute;t&eacute;')).toBe('&eacute;t&eacute;');
  });

  it('can be made from every published template: none names a reference the PDF could not print', () => {
    for (const template of publishedTemplates)
      expect(unknownReferences([template.layout, ...template.clauses.map((c) => c.body)].join('\n'))).toEqual([]);
  });
});
