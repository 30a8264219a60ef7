/**
 * Entry of the results panel's page (bundled to dist/webview.js). Every message from the host is
 * validated before it reaches the state; the state the panel saves is validated when read back.
 */
import { hostMessageSchema, persistedStateSchema, readMessage, type PersistedState, type WebviewMessage } from '../protocol/resultsPanel';
import { ResultsApp } from './view/app';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PersistedState | null): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app');
if (!root) throw new Error('the panel page has no #app element');

const app = new ResultsApp(root, { post: (message) => vscode.postMessage(message), persist: (state) => vscode.setState(state) });

const saved = persistedStateSchema.safeParse(vscode.getState());
if (saved.success) app.dispatch({ type: 'restore', saved: saved.data });

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const read = readMessage(hostMessageSchema, event.data);
  if (read.ok) app.dispatch(read.message);
  else app.dispatch({ type: 'notice', level: 'error', text: `Distillery ignored a message it cannot read: ${read.reason}` });
});

vscode.postMessage({ type: 'ready' });
