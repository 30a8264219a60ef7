import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

/** Lints `code` as if it were the file at `filePath`, with the project's own configuration. */
async function restrictedImportMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await new ESLint().lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the core/ import boundary', () => {
  const forbidden: [string, RegExp][] = [
    ["import * as vscode from 'vscode';", /src\/extension/],
    ["import { createConnection } from 'vscode-languageserver/node';", /LSP packages/],
    ["import { LanguageClient } from 'vscode-languageclient/node';", /LSP packages/],
    ["import { activate } from '../../extension/extension';", /layers built on it/],
  ];
  for (const [code, message] of forbidden) {
    test(`refuses in src/core: ${code}`, async () => {
      const messages = await restrictedImportMessages(`${code}\n`, 'src/core/tasks/example.ts');
      assert.equal(messages.length, 1, `expected one boundary error, got ${JSON.stringify(messages)}`);
      assert.match(messages[0] as string, message);
    });
  }

  test('allows vscode outside core', async () => {
    const messages = await restrictedImportMessages("import * as vscode from 'vscode';\n", 'src/extension/example.ts');
    assert.deepEqual(messages, []);
  });
});
