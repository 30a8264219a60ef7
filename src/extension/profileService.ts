import * as vscode from 'vscode';
import type { LlmClientConfig } from '../core/llm';
import {
  apiKeySecretName,
  IMPLICIT_PROFILE_NAME,
  profileClientConfig,
  resolveProfiles,
  type EndpointProfile,
  type ResolvedProfiles,
} from './profiles';
import { readProfileSettings } from './settings';

/** Where a profile's key comes from, for pickers: never the key itself. */
export type KeySource = { kind: 'secret' } | { kind: 'env'; name: string; set: boolean } | { kind: 'none' };

/**
 * The endpoint profiles as settings define them, and the API keys in SecretStorage. Keys are
 * read only to build a client; they are never logged, shown or written anywhere but
 * SecretStorage. (The status bar shows the active profile: profileStatusBar.ts.)
 */
export class ProfileService {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  read(): ResolvedProfiles {
    return resolveProfiles(readProfileSettings());
  }

  /** The active profile, or an Error naming the bad setting. */
  active(): EndpointProfile {
    const resolved = this.read();
    if (!resolved.ok) throw new Error(resolved.error);
    return resolved.active;
  }

  /** The profile called `name`, or the active one. */
  find(name: string | undefined): EndpointProfile {
    if (name === undefined) return this.active();
    const resolved = this.read();
    if (!resolved.ok) throw new Error(resolved.error);
    const profile = resolved.profiles.find((candidate) => candidate.name === name);
    if (!profile) {
      throw new Error(`There is no endpoint profile "${name}" (profiles: ${resolved.profiles.map((p) => `"${p.name}"`).join(', ')}).`);
    }
    return profile;
  }

  async clientConfig(profile: EndpointProfile): Promise<LlmClientConfig> {
    const stored = await this.secrets.get(apiKeySecretName(profile.name));
    return profileClientConfig(profile, stored || undefined);
  }

  async keySource(profile: EndpointProfile): Promise<KeySource> {
    if (await this.secrets.get(apiKeySecretName(profile.name))) return { kind: 'secret' };
    if (profile.apiKeyEnv) return { kind: 'env', name: profile.apiKeyEnv, set: Boolean(process.env[profile.apiKeyEnv]) };
    return { kind: 'none' };
  }

  /** Stores the key for `profileName`, or deletes the stored one when `key` is empty. */
  async setApiKey(profileName: string, key: string): Promise<boolean> {
    const trimmed = key.trim();
    if (trimmed === '') {
      await this.secrets.delete(apiKeySecretName(profileName));
      return false;
    }
    await this.secrets.store(apiKeySecretName(profileName), trimmed);
    return true;
  }

  /** Makes `name` the active profile, in the settings scope that already chooses one (else the user's). */
  async selectProfile(name: string): Promise<void> {
    const config = vscode.workspace.getConfiguration('distillery.llm');
    const inspected = config.inspect('activeProfile');
    const target =
      inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    const resolved = this.read();
    // With only the implicit profile there is nothing to store: an empty setting means it.
    const value = resolved.ok && resolved.implicit && name === IMPLICIT_PROFILE_NAME ? undefined : name;
    await config.update('activeProfile', value, target);
  }

  /** Writes `model` into the profile where it is defined (the profile list, or `distillery.llm.model`). */
  async setProfileModel(profile: EndpointProfile, model: string): Promise<void> {
    const config = vscode.workspace.getConfiguration('distillery.llm');
    const resolved = this.read();
    if (resolved.ok && resolved.implicit) {
      const inspected = config.inspect('model');
      const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await config.update('model', model, target);
      return;
    }
    const inspected = config.inspect<unknown[]>('profiles');
    const scopes: [unknown[] | undefined, vscode.ConfigurationTarget][] = [
      [inspected?.workspaceFolderValue, vscode.ConfigurationTarget.WorkspaceFolder],
      [inspected?.workspaceValue, vscode.ConfigurationTarget.Workspace],
      [inspected?.globalValue, vscode.ConfigurationTarget.Global],
    ];
    for (const [list, target] of scopes) {
      if (!Array.isArray(list)) continue;
      const index = list.findIndex((item) => typeof item === 'object' && item !== null && (item as { name?: unknown }).name === profile.name);
      if (index < 0) continue;
      const updated = list.map((item, position) => (position === index ? { ...(item as object), model } : item));
      await config.update('profiles', updated, target);
      return;
    }
    throw new Error(`Profile "${profile.name}" was not found in distillery.llm.profiles; edit its model in the settings.`);
  }
}
