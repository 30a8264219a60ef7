import type * as vscode from 'vscode';
import type { FileMemory } from './fileMemory';
import type { PipelineGraphPanels } from './panels/pipelineGraphPanel';
import type { ResultsPanels } from './panels/resultsPanels';
import type { ProfileService } from './profileService';
import type { RequestCaches } from './requestCaches';
import type { RunRegistry } from './runs';

/** What every command needs, made once in activate(). */
export interface Services {
  readonly log: vscode.LogOutputChannel;
  readonly profiles: ProfileService;
  readonly runs: RunRegistry;
  readonly memory: FileMemory;
  readonly results: ResultsPanels;
  readonly graphs: PipelineGraphPanels;
  readonly caches: RequestCaches;
}

/** A message for the user that ends a command: shown as is, without a stack. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly severity: 'error' | 'warning' | 'info' = 'error',
  ) {
    super(message);
    this.name = 'UserError';
  }
}
