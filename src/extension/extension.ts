import * as vscode from 'vscode';
import { clearRequestCacheCommand } from './commands/clearRequestCache';
import { evolveSelectedRows } from './commands/evolveSelectedRows';
import { generateRows } from './commands/generateRows';
import { previewPrompts } from './commands/previewPrompts';
import { cancelRun, selectProfile, setApiKey, testConnection } from './commands/profileCommands';
import { runPipelineCommand } from './commands/runPipeline';
import { runTaskOnSelectedRows } from './commands/runTaskOnSelectedRows';
import { FileMemory } from './fileMemory';
import { ResultsPanels, type ResultsPanelsApi } from './panels/resultsPanels';
import { PipelineGraphPanels } from './panels/pipelineGraphPanel';
import { PipelineLanguageClient } from './pipelineClient';
import { PIPELINE_FILES, PipelineCodeLensProvider } from './pipelineCodeLens';
import { ProfileService } from './profileService';
import { RequestCaches } from './requestCaches';
import { RunRegistry, type RunProgressEvent } from './runs';
import { UserError, type Services } from './services';

/** What activate() returns to other extensions (and to the integration tests). */
export interface DistilleryApi {
  /** Fires as rows of any run finish. */
  readonly onDidReportRunProgress: vscode.Event<RunProgressEvent>;
  /** The folder of the extension's log files (the Distillery output channel's file among them). */
  readonly logUri: vscode.Uri;
  /** The results panels: the messages they are sent and what their pages show. */
  readonly resultsPanels: ResultsPanelsApi;
}

interface CommandSpec {
  id: string;
  title: string;
  /** Sends rows or requests to an endpoint: refused in an untrusted workspace. */
  callsEndpoint: boolean;
  run: (services: Services, args: unknown) => unknown;
}

const COMMANDS: readonly CommandSpec[] = [
  { id: 'distillery.evolveSelectedRows', title: 'Evolve Selected Rows', callsEndpoint: true, run: evolveSelectedRows },
  { id: 'distillery.runTaskOnSelectedRows', title: 'Run Task on Selected Rows', callsEndpoint: true, run: runTaskOnSelectedRows },
  { id: 'distillery.previewPrompts', title: 'Preview Prompts for Selected Rows', callsEndpoint: false, run: previewPrompts },
  { id: 'distillery.generateRows', title: 'Generate Rows', callsEndpoint: true, run: generateRows },
  { id: 'distillery.cancelRun', title: 'Cancel Run', callsEndpoint: false, run: cancelRun },
  { id: 'distillery.setApiKey', title: 'Set API Key', callsEndpoint: false, run: setApiKey },
  { id: 'distillery.testConnection', title: 'Test Connection', callsEndpoint: true, run: testConnection },
  { id: 'distillery.selectProfile', title: 'Select Endpoint Profile', callsEndpoint: false, run: selectProfile },
  { id: 'distillery.showResults', title: 'Show Results for This File', callsEndpoint: false, run: (services, args) => services.results.showResults(args) },
  { id: 'distillery.runPipeline', title: 'Run Pipeline', callsEndpoint: true, run: runPipelineCommand },
  { id: 'distillery.showPipelineGraph', title: 'Show Pipeline Graph', callsEndpoint: false, run: showPipelineGraph },
  { id: 'distillery.clearRequestCache', title: 'Clear Request Cache', callsEndpoint: false, run: clearRequestCacheCommand },
];

/** Opens the graph of the pipeline file given (a Uri, as the code lens passes) or of the active editor. */
async function showPipelineGraph(services: Services, args: unknown): Promise<string> {
  const document = args instanceof vscode.Uri ? await vscode.workspace.openTextDocument(args) : vscode.window.activeTextEditor?.document;
  if (!document || !document.fileName.endsWith('.pipeline.yaml')) throw new UserError('Open a *.pipeline.yaml file to see its graph.');
  return services.graphs.show(document);
}

export function activate(context: vscode.ExtensionContext): DistilleryApi {
  const log = vscode.window.createOutputChannel('Distillery', { log: true });
  const profiles = new ProfileService(context.secrets);
  const runs = new RunRegistry();
  const memory = new FileMemory(context.workspaceState);
  const caches = new RequestCaches(context.globalStorageUri, log);
  const results = new ResultsPanels({ log, profiles, runs, memory, caches }, context.extensionUri);
  const graphs = new PipelineGraphPanels();
  const services: Services = { log, profiles, runs, memory, results, graphs, caches };
  context.subscriptions.push(log, profiles, runs, results, graphs, caches);
  context.subscriptions.push(vscode.languages.registerCodeLensProvider(PIPELINE_FILES, new PipelineCodeLensProvider()));
  context.subscriptions.push(new PipelineLanguageClient(context, log));
  for (const command of COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(command.id, (args: unknown) => runCommand(services, command, args)));
  }
  return { onDidReportRunProgress: runs.onDidReportProgress, logUri: context.logUri, resultsPanels: results };
}

/**
 * Runs a command with the checks and error handling they all share. A command that fails
 * shows why and resolves to undefined; what it returns otherwise (a run's summary) is for
 * scripts and tests.
 */
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
    return await command.run(services, args);
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

export function deactivate(): void {}
