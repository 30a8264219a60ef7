import * as vscode from 'vscode';
import { listEndpointModels } from '../../core/llm';
import { parseCommandArgs, selectProfileArgsSchema, setApiKeyArgsSchema, testConnectionArgsSchema } from '../commandArgs';
import type { KeySource } from '../profileService';
import { describeProfile } from '../profiles';
import type { Services } from '../services';

/**
 * Set API Key: asks for the active profile's key in a password box and keeps it in VS Code's
 * SecretStorage (an empty answer deletes it). The key never reaches settings, logs or files.
 *
 * Scripted form: `executeCommand('distillery.setApiKey', 'sk-...')` for the active profile, or
 * `{ profile, key }`; `''` deletes.
 */
export async function setApiKey(services: Services, rawArgs?: unknown): Promise<{ profile: string; stored: boolean } | undefined> {
  const args = parseCommandArgs('Set API Key', setApiKeyArgsSchema, rawArgs);
  const profile = services.profiles.find(typeof args === 'object' ? args.profile : undefined);
  let key = typeof args === 'string' ? args : args?.key;
  if (key === undefined) {
    key = await vscode.window.showInputBox({
      title: `Distillery: API key for profile "${profile.name}"`,
      prompt: `Kept in VS Code's secret storage, never in settings or logs. ${profile.apiKeyEnv ? `It is used instead of $${profile.apiKeyEnv}. ` : ''}Leave empty to delete the stored key.`,
      password: true,
      ignoreFocusOut: true,
      placeHolder: 'sk-...',
    });
    if (key === undefined) return undefined;
  }
  const stored = await services.profiles.setApiKey(profile.name, key);
  services.log.info(`API key for profile "${profile.name}" ${stored ? 'stored in' : 'deleted from'} secret storage`);
  void vscode.window.showInformationMessage(
    stored
      ? `Distillery: API key for profile "${profile.name}" stored in VS Code's secret storage.`
      : `Distillery: stored API key for profile "${profile.name}" deleted.${profile.apiKeyEnv ? ` $${profile.apiKeyEnv} is used if set.` : ''}`,
  );
  return { profile: profile.name, stored };
}

export type ConnectionResult =
  | { ok: true; profile: string; models: string[]; modelListed: boolean }
  | { ok: false; profile: string; error: string };

/**
 * Test Connection: asks the profile's endpoint (every endpoint of a fleet) for its models (GET
 * /models) and lists them (those every one of them serves) in a quick pick; picking one makes it the profile's model. On failure, says what to check.
 * The command resolves once the list has arrived; the quick pick stays open on its own.
 *
 * Scripted form: `executeCommand('distillery.testConnection', { profile? })`.
 */
export async function testConnection(services: Services, rawArgs?: unknown): Promise<ConnectionResult> {
  const args = parseCommandArgs('Test Connection', testConnectionArgsSchema, rawArgs);
  const profile = services.profiles.find(args?.profile);
  const config = await services.profiles.clientConfig(profile);
  let models: string[];
  try {
    models = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Distillery: connecting to ${describeProfile(profile)}`, cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return listEndpointModels(config, { signal: controller.signal });
      },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    services.log.error(`Test Connection, profile "${profile.name}": ${message}`);
    void vscode.window.showErrorMessage(`Distillery: profile "${profile.name}": ${message}`);
    return { ok: false, profile: profile.name, error: message };
  }
  const modelListed = models.includes(profile.model);
  services.log.info(`Test Connection, profile "${profile.name}": ${models.length} models listed${modelListed ? '' : `, "${profile.model}" not among them`}`);
  showModels(services, profile, models, modelListed);
  return { ok: true, profile: profile.name, models, modelListed };
}

function showModels(services: Services, profile: ReturnType<Services['profiles']['find']>, models: string[], modelListed: boolean): void {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  pick.title = `Distillery: ${describeProfile(profile)} answers with ${models.length} ${models.length === 1 ? 'model' : 'models'}`;
  pick.placeholder = modelListed
    ? `Connected. "${profile.model}" is available. Pick a model to use it in profile "${profile.name}".`
    : `Connected, but "${profile.model}" is not among the models. Pick one to use it in profile "${profile.name}".`;
  pick.items = models.map((model) => ({ label: model, ...(model === profile.model ? { description: '$(check) configured' } : {}) }));
  pick.onDidAccept(async () => {
    const chosen = pick.selectedItems[0]?.label;
    pick.hide();
    if (!chosen || chosen === profile.model) return;
    try {
      await services.profiles.setProfileModel(profile, chosen);
      void vscode.window.showInformationMessage(`Distillery: profile "${profile.name}" now uses ${chosen}.`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Distillery: ${(error as Error).message}`);
    }
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}

/**
 * Select Endpoint Profile: a quick pick of the profiles (the status bar item opens it).
 *
 * Scripted form: `executeCommand('distillery.selectProfile', 'name')`.
 */
export async function selectProfile(services: Services, rawArgs?: unknown): Promise<string | undefined> {
  const name = parseCommandArgs('Select Endpoint Profile', selectProfileArgsSchema, rawArgs);
  const resolved = services.profiles.read();
  if (name !== undefined) {
    services.profiles.find(name);
    await services.profiles.selectProfile(name);
    return name;
  }
  type Item = vscode.QuickPickItem & { profile?: string; openSettings?: boolean };
  const items: Item[] = [];
  if (resolved.ok) {
    for (const profile of resolved.profiles) {
      items.push({
        label: `${profile.name === resolved.active.name ? '$(check) ' : ''}${profile.name}`,
        description: describeProfile(profile),
        detail: describeKey(await services.profiles.keySource(profile)),
        profile: profile.name,
      });
    }
  } else {
    void vscode.window.showErrorMessage(`Distillery: ${resolved.error}`);
  }
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(settings) Edit profiles in settings...', detail: 'distillery.llm.profiles', openSettings: true },
  );
  const picked = await vscode.window.showQuickPick(items, { title: 'Distillery: endpoint profile', placeHolder: 'Runs use the selected profile' });
  if (!picked) return undefined;
  if (picked.openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'distillery.llm.profiles');
    return undefined;
  }
  if (picked.profile === undefined) return undefined;
  await services.profiles.selectProfile(picked.profile);
  return picked.profile;
}

function describeKey(source: KeySource): string {
  switch (source.kind) {
    case 'secret':
      return '$(key) API key in secret storage';
    case 'env':
      return source.set ? `$(key) API key from $${source.name}` : `no API key: $${source.name} is not set (Set API Key stores one)`;
    case 'none':
      return 'no API key (fine for local servers; Set API Key stores one)';
  }
}

/** Cancel Run: cancels every run in progress, keeping the rows already finished. */
export function cancelRun(services: Services): number {
  const cancelled = services.runs.cancelAll();
  if (cancelled === 0) void vscode.window.showInformationMessage('Distillery: no run is in progress.');
  else services.log.info(`Cancel Run: cancelling ${cancelled} ${cancelled === 1 ? 'run' : 'runs'}`);
  return cancelled;
}
