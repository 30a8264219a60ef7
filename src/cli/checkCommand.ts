import { readFile } from 'node:fs/promises';
import { nodePipelineHost, validatePipeline, type PipelineDiagnostic } from '../core/pipeline/languageService';
import type { CheckArgs } from './checkArgs';
import { describeFileError } from './fileErrors';
import { estimatePipeline } from './pipelineEstimate';
import { UsageError } from './usageError';

/** `distillery check`'s exit codes besides 2 (bad arguments, or a file that cannot be read). */
export const CHECK_EXIT = { clean: 0, errors: 1 } as const;

/** One diagnostic as a compiler prints it, positions 1-based: `file:line:col: code message`. */
export function formatDiagnostic(file: string, diagnostic: PipelineDiagnostic): string {
  const { line, character } = diagnostic.range.start;
  return `${file}:${line + 1}:${character + 1}: ${diagnostic.code} ${diagnostic.message}`;
}

/** The JSON output: 1-based positions, as in the text output, and everything a tool needs. */
function asJson(file: string, diagnostics: readonly PipelineDiagnostic[]): string {
  const entries = diagnostics.map(({ range, severity, code, message, relatedInformation }) => ({
    file,
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
    severity,
    code,
    message,
    ...(relatedInformation ? { related: relatedInformation.map((related) => ({ line: related.range.start.line + 1, column: related.range.start.character + 1, message: related.message })) } : {}),
  }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}

function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}

/**
 * Checks a pipeline file as the editor does and prints its problems. Exit code 0 when none is
 * an error (warnings allowed), 1 when some are, so CI can gate on it.
 */
export async function checkCommand(args: CheckArgs): Promise<number> {
  let text: string;
  try {
    text = await readFile(args.file, 'utf8');
  } catch (error) {
    throw new UsageError(describeFileError(error, { label: args.file, path: args.file, action: 'read' }));
  }
  const diagnostics = await validatePipeline(text, nodePipelineHost(args.file));
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  if (args.format === 'json') {
    process.stdout.write(asJson(args.file, diagnostics));
  } else {
    for (const diagnostic of diagnostics) process.stdout.write(`${formatDiagnostic(args.file, diagnostic)}\n`);
    const warnings = diagnostics.length - errors;
    process.stderr.write(diagnostics.length === 0 ? `${args.file}: no problems\n` : `${args.file}: ${count(errors, 'error')}, ${count(warnings, 'warning')}\n`);
    // An estimate needs a pipeline that would run.
    if (args.estimate && errors === 0) for (const line of await estimatePipeline(args.file, text, args)) process.stdout.write(`${line}\n`);
  }
  return errors > 0 ? CHECK_EXIT.errors : CHECK_EXIT.clean;
}
