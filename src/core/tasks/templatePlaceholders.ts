/**
 * `{{ name }}` placeholders in TextGeneration templates. Only plain names are filled: a Jinja
 * expression (`{{ x | upper }}`) or block (`{% for %}`) would otherwise reach the model as
 * literal text, so such templates are refused up front with the offending text quoted.
 * The pipeline checker reuses these functions to point at the exact placeholder.
 */

/** A column name inside `{{ }}`: a letter or underscore, then letters, digits, `_` or `-`. */
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const MARKUP = /\{\{([\s\S]*?)\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;

export interface TemplateMarkup {
  /** The text as written, braces included: `{{ instruction }}`. */
  text: string;
  /** Offsets in the template, `end` exclusive. */
  start: number;
  end: number;
  /** The column name for a plain placeholder; undefined for anything else. */
  name?: string;
}

/** Every `{{ }}`, `{% %}` and `{# #}` in `template`, in order, with its name when it is a plain placeholder. */
export function findTemplateMarkup(template: string): TemplateMarkup[] {
  return [...template.matchAll(MARKUP)].map((match) => {
    const inner = match[1]?.trim();
    const start = match.index;
    const markup: TemplateMarkup = { text: match[0], start, end: start + match[0].length };
    if (inner !== undefined && NAME.test(inner)) markup.name = inner;
    return markup;
  });
}

/** The column names a template uses, each once, in order of first use. */
export function templatePlaceholders(template: string): string[] {
  return [...new Set(findTemplateMarkup(template).flatMap((markup) => (markup.name ? [markup.name] : [])))];
}

export interface TemplateProblem {
  /** The parameter at fault. */
  param: 'template' | 'columns';
  message: string;
}

/**
 * What is wrong with a template for the given columns: placeholders naming no column,
 * columns the template never uses (distilabel refuses both), markup that is not a plain
 * placeholder, and repeated columns. Empty when the template can be rendered.
 */
export function templateProblems(template: string, columns: readonly string[]): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const available = columns.length > 0 ? columns.join(', ') : 'none';
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  for (const column of new Set(repeated)) problems.push({ param: 'columns', message: `"${column}" is listed more than once` });
  const markup = findTemplateMarkup(template);
  for (const item of markup) {
    if (item.name === undefined) {
      const kind = item.text.startsWith('{{') ? 'is not a plain placeholder' : 'is a Jinja block or comment, which is not supported';
      problems.push({
        param: 'template',
        message: `${item.text} ${kind}: templates fill {{ column }} placeholders only (no filters, expressions or blocks)`,
      });
    } else if (!columns.includes(item.name)) {
      problems.push({ param: 'template', message: `placeholder {{ ${item.name} }} is not one of the columns (${available}); add it to columns or fix its name` });
    }
  }
  const used = new Set(markup.flatMap((item) => (item.name ? [item.name] : [])));
  for (const column of new Set(columns)) {
    if (!used.has(column)) {
      problems.push({ param: 'columns', message: `column "${column}" is not used by the template; add {{ ${column} }} to the template or remove it from columns` });
    }
  }
  return problems;
}

/** Fills every plain placeholder with its value in one pass; values are never read as markup. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(MARKUP, (text: string, inner: string | undefined) => {
    const name = inner?.trim();
    return name !== undefined && NAME.test(name) && Object.hasOwn(values, name) ? (values[name] as string) : text;
  });
}
