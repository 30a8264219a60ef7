/**
 * The results panel's webview viewType, also the `onWebviewPanel:` activation event. A file of
 * its own, apart from the panel's message schemas (resultsPanel.ts): the activation bundle
 * registers the panel serializer with it, and must not load zod to do so.
 */
export const RESULTS_PANEL_VIEW_TYPE = 'distillery.results';
