import { basename } from 'node:path';
import * as vscode from 'vscode';
import { parseCommandArgs, previewArgsSchema } from '../commandArgs';
import { parseLlmClientConfig } from '../../core/llm';
import { estimateRunWithCache } from '../../core/estimate/runEstimate';
import { priceOfProfile } from '../prices';
import { profileClientConfig, type EndpointProfile } from '../profiles';
import { captureRowPrompts } from '../../core/estimate/promptCapture';
import { previewTotals, renderPromptPreview, type PreviewTotals } from '../promptPreview';
import { pickTask } from '../prompts';
import { initialParams, prepareTask, readSelection, taskNamed } from '../selectionRun';
import type { Services } from '../services';

export interface PreviewSummary extends PreviewTotals {
  task: string;
  rows: number;
  /** The untitled markdown document that shows the prompts. */
  document: string;
}

/** Counts and cache lookups for a broken profile: estimated tokens, nothing cached. */
const UNKNOWN_ENDPOINT = parseLlmClientConfig({ baseUrl: 'http://unknown.invalid/v1', model: '?' });

/**
 * Preview Prompts for Selected Rows: the exact messages each row would send first, with token
 * and cost estimates, in an untitled markdown document. Nothing is sent; it also works in an
 * untrusted workspace.
 *
 * Scripted form: `executeCommand('distillery.previewPrompts', { task, params?, inputMappings? })`.
 */
export async function previewPrompts(services: Services, rawArgs?: unknown): Promise<PreviewSummary | undefined> {
  const args = parseCommandArgs('Preview Prompts for Selected Rows', previewArgsSchema, rawArgs);
  const selection = readSelection(services, 'preview');
  const definition = args
    ? taskNamed(args.task, 'task')
    : await pickTask('task', services.memory.get(selection.fileUri).lastTask, `Preview the prompts of ${selection.rows.length} rows`);
  if (!definition) return undefined;
  const prepared = await prepareTask(services, selection, definition, {
    params: initialParams(services, selection.fileUri, definition, args?.params),
    ...(args?.inputMappings ? { inputMappings: args.inputMappings } : {}),
    interactive: true,
  });
  if (!prepared) return undefined;

  // The preview needs the profile only for max_tokens and prices; a broken profile should not hide the prompts.
  let profile: EndpointProfile | undefined;
  try {
    profile = services.profiles.active();
  } catch (error) {
    services.log.warn(`Preview without the profile's prices: ${(error as Error).message}`);
  }
  const rows = [];
  for (const row of selection.rows) rows.push(await captureRowPrompts(prepared.task, row));
  const config = profile ? parseLlmClientConfig(profileClientConfig(profile, undefined)) : undefined;
  const estimate = await estimateRunWithCache(config ?? UNKNOWN_ENDPOINT, prepared.task, selection.rows, config ? services.caches.forLookup(selection.document.uri) : undefined);
  const price = profile ? priceOfProfile(profile, services.log) : undefined;
  const input = {
    taskName: definition.name,
    documentName: basename(selection.document.uri.path),
    profileName: profile?.name ?? '(invalid settings)',
    model: profile?.model ?? '?',
    chosenParams: prepared.params,
    generations: prepared.task.generations,
    ...(profile?.generation?.max_tokens !== undefined ? { maxTokens: profile.generation.max_tokens } : {}),
    ...(price ? { price } : {}),
    estimate,
    rows,
    invalidLines: selection.invalidLines,
  };
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: renderPromptPreview(input) });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  return { task: definition.name, rows: rows.length, document: document.uri.toString(), ...previewTotals(input) };
}
