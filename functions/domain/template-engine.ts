// The one template engine, for agreements, pages and emails: Handlebars in strict mode, so a value a template names
// but the view lacks is an error, never an empty string; every value is HTML-escaped unless the template says
// {{{raw}}} (only for markup this code rendered itself).
import Handlebars from 'handlebars';

export type CompiledTemplate = Handlebars.TemplateDelegate;

export const compileStrict = (source: string): CompiledTemplate => Handlebars.compile(source, { strict: true });
