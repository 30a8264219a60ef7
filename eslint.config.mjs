import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// `import { z } from 'zod'` keeps every zod locale in the bundle (esbuild cannot shake the `z`
// re-export): 355 KB more in each of dist/cli.js, dist/server.js and the extension's bundles.
const zodNamespaceOnly = {
  selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
  message: "Use `import * as z from 'zod'`: the named `z` brings every zod locale (about 355 KB) into the bundle.",
};
// Arrows point one way: extension, cli and tests may use core; core uses nothing of theirs.
const hostOnlyModules = [
  { name: 'vscode', message: 'core/ is pure TypeScript: the VS Code API belongs in src/extension.' },
];
const hostOnlyPatterns = [
  { group: ['vscode-languageserver*', 'vscode-languageclient*'], message: 'core/ must not depend on the LSP packages.' },
  { group: ['**/extension/**', '**/cli/**', '**/server/**', '**/webview/**'], message: 'core/ must not import the layers built on it.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/host/node_modules/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', zodNamespaceOnly] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: hostOnlyModules, patterns: hostOnlyPatterns }],
    },
  },
  {
    // The results panel's page and the messages it shares with the host run in a browser: no
    // VS Code API, no Node, nothing from the layers that use them.
    files: ['src/webview/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview has no VS Code API: talk to the host with the messages in src/protocol.' }],
          patterns: [
            { group: ['node:*'], message: 'The webview runs in a browser: no Node modules.' },
            { group: ['**/extension/**', '**/cli/**', '**/server/**'], message: 'The webview must not import host code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' } },
  },
  {
    // Scripts that drive the results panel's page in chromium: their page.evaluate callbacks run there.
    files: ['test/browser/**/*.mjs', 'bench/**/*.mjs', 'scripts/screenshot-results-panel.mjs'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        performance: 'readonly',
        requestAnimationFrame: 'readonly',
        getComputedStyle: 'readonly',
        PerformanceObserver: 'readonly',
      },
    },
  },
);
