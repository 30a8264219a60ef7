/**
 * Everything behind the commands and panels: the task registry and its zod schemas, the `openai`
 * SDK, the YAML parser, the request cache. Built into a bundle of its own
 * (dist/extensionServices.js) that extension.ts loads the first time a command runs or a results
 * panel is restored, so activating the extension (for a YAML file that is not a pipeline, say)
 * never parses it.
 */
import * as vscode from 'vscode';
import { clearRequestCacheCommand } from './commands/clearRequestCache';
import { evolveSelectedRows } from './commands/evolveSelectedRows';
import { generateRows } from './commands/generateRows';
import { previewPrompts } from './commands/previewPrompts';
import { cancelRun, selectProfile, setApiKey, testConnection } from './commands/profileCommands';
import { runPipelineCommand } from './commands/runPipeline';
import { runTaskOnSelectedRows } from './commands/runTaskOnSelectedRows';
import type { CommandId, CommandSpec } from './extension';
import { FileMemory } from './fileMemory';
import { PipelineGraphPanels } from './panels/pipelineGraphPanel';
import { ResultsPanels } from './panels/resultsPanels';
import { ProfileService } from './profileService';
import { RequestCaches } from './requestCaches';
import type { RunRegistry } from './runs';
import { UserError, type Services } from './services';

const RUNNERS: Readonly<Record<CommandId, (services: Services, args: unknown) => unknown>> = {
  'distillery.evolveSelectedRows': evolveSelectedRows,
  'distillery.runTaskOnSelectedRows': runTaskOnSelectedRows,
  'distillery.previewPrompts': previewPrompts,
  'distillery.generateRows': generateRows,
  'distillery.cancelRun': cancelRun,
  'distillery.setApiKey': setApiKey,
  'distillery.testConnection': testConnection,
  'distillery.selectProfile': selectProfile,
  'distillery.showResults': (services, args) => services.results.showResults(args),
  'distillery.runPipeline': runPipelineCommand,
  'distillery.showPipelineGraph': showPipelineGraph,
  'distillery.clearRequestCache': clearRequestCacheCommand,
};

export interface ExtensionServices {
  readonly services: Services;
  /**
   * Runs a command with the checks and error handling they all share. A command that fails
   * shows why and resolves to undefined; what it returns otherwise (a run's summary) is for
   * scripts and tests.
   */
  runCommand(command: CommandSpec, args: unknown): Promise<unknown>;
}

/** Makes the services; what they hold is disposed with the extension. */
export function createExtensionServices(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, runs: RunRegistry): ExtensionServices {
  const profiles = new ProfileService(context.secrets);
  const memory = new FileMemory(context.workspaceState);
  const caches = new RequestCaches(context.globalStorageUri, log);
  const results = new ResultsPanels({ log, profiles, runs, memory, caches }, context.extensionUri);
  const graphs = new PipelineGraphPanels();
  context.subscriptions.push(results, graphs, caches);
  const services: Services = { log, profiles, runs, memory, results, graphs, caches };
  return { services, runCommand: (command, args) => runCommand(services, command, args) };
}

/** Opens the graph of the pipeline file given (a Uri, as the code lens passes) or of the active editor. */
async function showPipelineGraph(services: Services, args: unknown): Promise<string> {
  const document = args instanceof vscode.Uri ? await vscode.workspace.openTextDocument(args) : vscode.window.activeTextEditor?.document;
  if (!document || !document.fileName.endsWith('.pipeline.yaml')) throw new UserError('Open a *.pipeline.yaml file to see its graph.');
  return services.graphs.show(document);
}

async function runCommand(services: Services, command: CommandSpec, args: unknown): Promise<unknown> {
  // The `when` clauses disable these in an untrusted workspace; a keybinding or another
  // extension can still call them, so the check is repeated here.
  if (command.callsEndpoint && !vscode.workspace.isTrusted) {
    void vscode.window
      .showWarningMessage(
        `Distillery: ${command.title} is disabled in an untrusted workspace: it sends data (and your API key) to the endpoint in the settings, which this workspace's own settings could redirect. Trust the workspace to use it.`,
        'Manage Workspace Trust',
      )
      .then((action) => {
        if (action) void vscode.commands.executeCommand('workbench.trust.manage');
      });
    return undefined;
  }
  try {
    return await RUNNERS[command.id](services, args);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UserError && error.severity !== 'error') {
      services.log.warn(`${command.title}: ${message}`);
      void vscode.window.showWarningMessage(`Distillery: ${message}`);
    } else {
      services.log.error(`${command.title}: ${message}`);
      void vscode.window.showErrorMessage(`Distillery: ${message}`);
    }
    return undefined;
  }
}
