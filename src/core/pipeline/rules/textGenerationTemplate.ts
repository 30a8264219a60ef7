import { isSeq, type Node } from 'yaml';
import type * as z from 'zod';
import { col } from '../../tasks/columns';
import { findTemplateMarkup, type TemplateMarkup } from '../../tasks/templatePlaceholders';
import type { PipelineAnalysis } from '../analysis';
import { isCompatible } from '../columnCompatibility';
import type { PipelineDiagnostic, QuickFix } from '../diagnostic';
import { scalarText } from '../locate';
import { describeStep, paramPair, type StepEntry } from '../pipelineModel';
import { report } from '../report';
import { setParamEdit } from '../stepEdits';
import type { StepContract } from '../stepContract';
import { closestNames, didYouMean } from '../suggest';
import type { TextRange } from '../textRange';
import { yamlScalar } from '../yamlText';
import type { PipelineRule } from './rule';

/** Tasks whose `template` fills `{{ column }}` placeholders from their `columns` parameter. */
const TEMPLATE_TASKS = new Set(['TextGeneration']);

/**
 * The template problems the task's own parameter check finds (as `custom` issues), which this
 * rule reports instead, at the placeholder itself rather than on the whole parameter.
 */
export function isTemplateIssue(contract: StepContract, issue: z.core.$ZodIssue): boolean {
  return contract.kind === 'task' && TEMPLATE_TASKS.has(contract.definition.name) && issue.code === 'custom';
}

interface TemplateStep {
  template: string;
  templateNode?: Node;
  columns: string[];
  columnsNode?: Node;
  /** False when `columns` is not written and its default applies. */
  columnsWritten: boolean;
}

/** The template and columns as they apply (defaults included), or undefined when one is ill-typed. */
function readTemplateStep(step: StepEntry, contract: Extract<StepContract, { kind: 'task' }>): TemplateStep | undefined {
  const defaults = contract.definition.params.safeParse({}).data as { template?: unknown; columns?: unknown } | undefined;
  const template = step.params.template ?? defaults?.template;
  const columns = step.params.columns ?? defaults?.columns;
  const list = typeof columns === 'string' ? [columns] : columns;
  if (typeof template !== 'string' || !Array.isArray(list) || !list.every((column) => typeof column === 'string' && column !== '')) return undefined;
  const templateNode = paramPair(step, 'template')?.value ?? undefined;
  const columnsNode = paramPair(step, 'columns')?.value ?? undefined;
  return {
    template,
    columns: list as string[],
    columnsWritten: step.params.columns !== undefined,
    ...(templateNode ? { templateNode } : {}),
    ...(columnsNode ? { columnsNode } : {}),
  };
}

/** The node of the `occurrence`-th `columns` entry named `column` (0-based), or the whole parameter. */
function columnEntry(written: TemplateStep, column: string, occurrence = 0): Node | undefined {
  if (!isSeq(written.columnsNode)) return written.columnsNode;
  const entries = written.columnsNode.items.filter((item) => scalarText(item) === column) as Node[];
  return entries[occurrence] ?? written.columnsNode;
}

/**
 * The fix that sets `columns` to the template's placeholders (after `renames`), which is what
 * TextGeneration requires: every placeholder listed, every listed column used.
 */
function listColumnsFix(analysis: PipelineAnalysis, step: StepEntry, markups: readonly TemplateMarkup[], renames: ReadonlyMap<TemplateMarkup, string>): QuickFix[] {
  const names = [...new Set(markups.flatMap((markup) => (markup.name === undefined ? [] : [renames.get(markup) ?? markup.name])))];
  const edit = names.length > 0 ? setParamEdit(analysis.source, step, 'columns', `[${names.map(yamlScalar).join(', ')}]`) : undefined;
  return edit ? [{ title: `Set \`columns\` to the placeholders: ${names.join(', ')}`, edits: [edit], preferred: true }] : [];
}

function checkTemplateStep(analysis: PipelineAnalysis, step: StepEntry, contract: Extract<StepContract, { kind: 'task' }>): PipelineDiagnostic[] {
  const { source } = analysis;
  const written = readTemplateStep(step, contract);
  if (!written || !step.type) return [];
  const upstream = analysis.columns[step.index]?.upstream;
  const seen = new Map<string, number>();
  const placeAt = (markup: TemplateMarkup): TextRange => {
    const occurrence = seen.get(markup.text) ?? 0;
    seen.set(markup.text, occurrence + 1);
    return written.templateNode ? source.rangeWithin(written.templateNode, markup.text, occurrence) : source.rangeOf(step.type?.node ?? step.node);
  };
  const markups = findTemplateMarkup(written.template);
  const diagnostics: PipelineDiagnostic[] = [];
  for (const markup of markups) {
    const range = placeAt(markup);
    if (markup.name === undefined) {
      const what = markup.text.startsWith('{{') ? 'is not a plain placeholder' : 'is a Jinja block or comment, which templates do not support';
      diagnostics.push(report(source, range, 'template-placeholder', `${markup.text} ${what}: a template fills {{ column }} placeholders only (no filters, expressions or blocks).`));
      continue;
    }
    if (written.columns.includes(markup.name)) continue;
    const listed = `${written.columns.join(', ')}${written.columnsWritten ? '' : ', the default'}`;
    const produced = upstream?.columns.has(markup.name) ?? false;
    if (produced || !upstream?.complete) {
      diagnostics.push(
        report(source, range, 'template-placeholder', `{{ ${markup.name} }} is not one of \`columns\` (${listed}): list "${markup.name}" in \`columns\`.`, {
          fixes: listColumnsFix(analysis, step, markups, new Map()),
        }),
      );
      continue;
    }
    // A placeholder is filled with a string: only string columns are worth suggesting.
    const strings = [...upstream.columns].filter(([, column]) => isCompatible(column.type, col.string)).map(([name]) => name);
    const suggestions = closestNames(markup.name, [...written.columns, ...strings]);
    diagnostics.push(
      report(source, range, 'template-placeholder', `{{ ${markup.name} }} is not one of \`columns\` (${listed}), and no step before ${describeStep(step)} writes "${markup.name}"${didYouMean(suggestions) || '.'}`, {
        fixes: suggestions.map((name, index) => {
          const renamed = { title: `Change to {{ ${name} }}`, edits: [{ range, newText: `{{ ${name} }}` }], ...(index === 0 ? { preferred: true } : {}) };
          if (written.columns.includes(name)) return renamed;
          const listing = listColumnsFix(analysis, step, markups, new Map([[markup, name]]));
          return { ...renamed, title: `${renamed.title} and list it in \`columns\``, edits: [...renamed.edits, ...listing.flatMap((fix) => fix.edits)] };
        }),
      }),
    );
  }
  const used = new Set(markups.flatMap((markup) => (markup.name ? [markup.name] : [])));
  written.columns.forEach((column, index) => {
    const earlier = written.columns.slice(0, index).filter((other) => other === column).length;
    const node = columnEntry(written, column, earlier);
    if (earlier > 0 && node) {
      diagnostics.push(report(source, node, 'template-placeholder', `"${column}" is listed more than once in \`columns\`.`));
    } else if (!used.has(column) && written.columnsWritten && node) {
      diagnostics.push(report(source, node, 'template-placeholder', `Column "${column}" is in \`columns\` but the template never uses it: add {{ ${column} }} to the template or remove it from \`columns\`.`));
    } else if (!used.has(column) && !written.columnsWritten && diagnostics.length === 0) {
      // One message is enough: a placeholder outside the default `columns` already says to set it.
      diagnostics.push(report(source, written.templateNode ?? step.type?.node ?? step.node, 'template-placeholder', `The template does not use {{ ${column} }}, which \`columns\` lists by default: set \`columns\` to the columns the template uses.`));
    }
  });
  return diagnostics;
}

/** TextGeneration templates: every placeholder plain, listed in `columns`, and every listed column used. */
export const textGenerationTemplate: PipelineRule = (analysis) =>
  analysis.model.steps.flatMap((step) => {
    const contract = analysis.contracts[step.index];
    return contract?.kind === 'task' && TEMPLATE_TASKS.has(contract.definition.name) ? checkTemplateStep(analysis, step, contract) : [];
  });
