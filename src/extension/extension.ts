/**
 * Activation: registers the commands, the pipeline code lens, the results panel's serializer
 * and the language client, and loads nothing else. What they run is in bundles of their own,
 * loaded when first needed (see ON_DEMAND in esbuild.mjs): the commands and panels
 * (extensionServices.ts) with the first command or restored panel, the status bar
 * (profileStatusBar.ts) with the first JSONL editor (just after activation when one is open), the
 * language client with the first pipeline file. Opening a YAML file that is not a pipeline activates the extension (VS Code has no
 * activation event for a file name; see README, "Activation") and costs one listener.
 */
import * as vscode from 'vscode';
import { RESULTS_PANEL_VIEW_TYPE } from '../protocol/resultsPanelViewType';
import type { ExtensionServices } from './extensionServices';
import type { ResultsPanelsApi } from './panels/resultsPanels';
import { PipelineLanguageClient } from './pipelineClient';
import { PipelineCodeLensProvider } from './pipelineCodeLens';
import { PIPELINE_FILES } from './pipelineFiles';
import { RunRegistry, type RunProgressEvent } from './runs';

/** What activate() returns to other extensions (and to the integration tests). */
export interface DistilleryApi {
  /** Fires as rows of any run finish. */
  readonly onDidReportRunProgress: vscode.Event<RunProgressEvent>;
  /** The folder of the extension's log files (the Distillery output channel's file among them). */
  readonly logUri: vscode.Uri;
  /** The results panels: the messages they are sent and what their pages show. */
  readonly resultsPanels: ResultsPanelsApi;
}

const COMMANDS = [
  { id: 'distillery.evolveSelectedRows', title: 'Evolve Selected Rows', callsEndpoint: true },
  { id: 'distillery.runTaskOnSelectedRows', title: 'Run Task on Selected Rows', callsEndpoint: true },
  { id: 'distillery.previewPrompts', title: 'Preview Prompts for Selected Rows', callsEndpoint: false },
  { id: 'distillery.generateRows', title: 'Generate Rows', callsEndpoint: true },
  { id: 'distillery.cancelRun', title: 'Cancel Run', callsEndpoint: false },
  { id: 'distillery.setApiKey', title: 'Set API Key', callsEndpoint: false },
  { id: 'distillery.testConnection', title: 'Test Connection', callsEndpoint: true },
  { id: 'distillery.selectProfile', title: 'Select Endpoint Profile', callsEndpoint: false },
  { id: 'distillery.showResults', title: 'Show Results for This File', callsEndpoint: false },
  { id: 'distillery.runPipeline', title: 'Run Pipeline', callsEndpoint: true },
  { id: 'distillery.showPipelineGraph', title: 'Show Pipeline Graph', callsEndpoint: false },
  { id: 'distillery.clearRequestCache', title: 'Clear Request Cache', callsEndpoint: false },
] as const satisfies readonly CommandSpecShape[];

interface CommandSpecShape {
  id: string;
  title: string;
  /** Sends rows or requests to an endpoint: refused in an untrusted workspace. */
  callsEndpoint: boolean;
}

export type CommandSpec = (typeof COMMANDS)[number];
export type CommandId = CommandSpec['id'];

export function activate(context: vscode.ExtensionContext): DistilleryApi {
  const log = vscode.window.createOutputChannel('Distillery', { log: true });
  const runs = new RunRegistry();
  context.subscriptions.push(log, runs);
  let loaded: ExtensionServices | undefined;
  const services = (): ExtensionServices => {
    if (!loaded) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the first command or panel on purpose (see extensionServices.ts)
      const { createExtensionServices } = require('./extensionServices') as typeof import('./extensionServices');
      loaded = createExtensionServices(context, log, runs);
    }
    return loaded;
  };
  for (const command of COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(command.id, (args: unknown) => services().runCommand(command, args)));
  }
  // Registered here, not by the panels: VS Code restores a panel only through a serializer
  // registered during activation.
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(RESULTS_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => services().services.results.deserializeWebviewPanel(panel, state),
    }),
  );
  context.subscriptions.push(vscode.languages.registerCodeLensProvider(PIPELINE_FILES, new PipelineCodeLensProvider()));
  context.subscriptions.push(new PipelineLanguageClient(context, log));
  context.subscriptions.push(showProfileStatusBarWithJsonl());
  return {
    onDidReportRunProgress: runs.onDidReportProgress,
    logUri: context.logUri,
    get resultsPanels() {
      return services().services.results;
    },
  };
}

/**
 * The endpoint profile's status bar item, loaded with the first JSONL editor (where it is shown).
 * For an editor already open at activation it loads just after activate() returns: validating
 * the profiles loads zod (about 40 ms), which activation need not wait for.
 */
function showProfileStatusBarWithJsonl(): vscode.Disposable {
  let statusBar: vscode.Disposable | undefined;
  const showOnJsonl = (editor: vscode.TextEditor | undefined): void => {
    if (statusBar || editor?.document.languageId !== 'jsonl') return;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the first JSONL editor on purpose (see profileStatusBar.ts)
    const { showProfileStatusBar } = require('./profileStatusBar') as typeof import('./profileStatusBar');
    statusBar = showProfileStatusBar();
  };
  const listener = vscode.window.onDidChangeActiveTextEditor(showOnJsonl);
  const atActivation = setImmediate(() => showOnJsonl(vscode.window.activeTextEditor));
  return {
    dispose: () => {
      clearImmediate(atActivation);
      listener.dispose();
      statusBar?.dispose();
    },
  };
}

export function deactivate(): void {}
