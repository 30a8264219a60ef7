import * as vscode from 'vscode';

/**
 * Pipeline files keep VS Code's built-in `yaml` language (so YAML highlighting, folding, `[yaml]`
 * settings and a YAML extension's schema support still apply); the name picks them out.
 */
export const PIPELINE_FILES = { language: 'yaml', pattern: '**/*.pipeline.yaml' } as const satisfies vscode.DocumentFilter;

export function isPipelineFile(document: vscode.TextDocument): boolean {
  return vscode.languages.match(PIPELINE_FILES, document) > 0;
}
