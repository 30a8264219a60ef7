import * as vscode from 'vscode';

/** "Run Pipeline" and "Show Graph" above the first line of every pipeline file. */
export class PipelineCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '$(play) Run Pipeline', command: 'distillery.runPipeline', arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: '$(type-hierarchy) Show Graph', command: 'distillery.showPipelineGraph', arguments: [document.uri] }),
    ];
  }
}
