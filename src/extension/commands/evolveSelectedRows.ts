import { evolveArgsSchema, parseCommandArgs } from '../commandArgs';
import type { SelectionRunSummary } from '../runSummary';
import { initialParams, outputModeFor, prepareTask, readSelection, runOnSelection, taskNamed } from '../selectionRun';
import type { Services } from '../services';

/**
 * Runs EvolInstruct on the selected rows with the parameters last used for this file (the
 * `distillery.evolInstruct.*` settings until then), writing where the last run on this file
 * wrote (in place by default). No questions, unless an input column has to be chosen.
 *
 * Scripted form: `executeCommand('distillery.evolveSelectedRows', { params?, inputMappings?, output? })`.
 */
export async function evolveSelectedRows(services: Services, rawArgs?: unknown): Promise<SelectionRunSummary | undefined> {
  const args = parseCommandArgs('Evolve Selected Rows', evolveArgsSchema, rawArgs);
  const selection = readSelection(services, 'evolve');
  const definition = taskNamed('EvolInstruct', 'task');
  const prepared = await prepareTask(services, selection, definition, {
    params: initialParams(services, selection.fileUri, definition, args?.params),
    ...(args?.inputMappings ? { inputMappings: args.inputMappings } : {}),
    interactive: true,
  });
  if (!prepared) return undefined;
  return runOnSelection(services, selection, prepared, outputModeFor(services, selection.fileUri, args?.output));
}
