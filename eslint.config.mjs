import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: hostOnlyModules, patterns: hostOnlyPatterns }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' } },
  },
);
