import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
} from 'vscode-languageserver/node';
import type { CompletionKind, PipelineCodeAction, PipelineCompletion, PipelineDiagnostic, PipelineSymbol } from '../core/pipeline/languageService';

/** The language service's plain results as LSP types. Ranges already have LSP's shape. */

export const DIAGNOSTIC_SOURCE = 'distillery';

export function toLspDiagnostic(uri: string, diagnostic: PipelineDiagnostic): Diagnostic {
  return {
    range: diagnostic.range,
    severity: diagnostic.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
    ...(diagnostic.relatedInformation
      ? { relatedInformation: diagnostic.relatedInformation.map((related) => ({ location: { uri, range: related.range }, message: related.message })) }
      : {}),
    ...(diagnostic.data ? { data: diagnostic.data } : {}),
  };
}

const COMPLETION_KINDS: Readonly<Record<CompletionKind, CompletionItemKind>> = {
  task: CompletionItemKind.Class,
  'column-step': CompletionItemKind.Operator,
  parameter: CompletionItemKind.Property,
  column: CompletionItemKind.Field,
  step: CompletionItemKind.Reference,
  llm: CompletionItemKind.Value,
  key: CompletionItemKind.Keyword,
};

export function toLspCompletion(completion: PipelineCompletion): CompletionItem {
  return {
    label: completion.label,
    kind: COMPLETION_KINDS[completion.kind],
    ...(completion.detail ? { detail: completion.detail } : {}),
    ...(completion.documentation ? { documentation: { kind: MarkupKind.Markdown, value: completion.documentation } } : {}),
    textEdit: { range: completion.range, newText: completion.insertText },
    ...(completion.sortText ? { sortText: completion.sortText } : {}),
  };
}

const SYMBOL_KINDS: Readonly<Record<PipelineSymbol['kind'], SymbolKind>> = {
  load: SymbolKind.File,
  task: SymbolKind.Function,
  column: SymbolKind.Operator,
  unknown: SymbolKind.Object,
};

export function toLspSymbol(symbol: PipelineSymbol): DocumentSymbol {
  return { name: symbol.name, detail: symbol.detail, kind: SYMBOL_KINDS[symbol.kind], range: symbol.range, selectionRange: symbol.selectionRange };
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * A quick fix as an LSP code action, tied to the editor's own copy of its diagnostic when the
 * editor sent one (so the light bulb and the problem list agree), else to a fresh one.
 */
export function toLspCodeAction(uri: string, action: PipelineCodeAction, sent: readonly Diagnostic[]): CodeAction {
  const diagnostic = sent.find((candidate) => candidate.code === action.diagnostic.code && sameRange(candidate.range, action.diagnostic.range)) ?? toLspDiagnostic(uri, action.diagnostic);
  return {
    title: action.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    ...(action.preferred ? { isPreferred: true } : {}),
    edit: { changes: { [uri]: action.edits } },
  };
}
