// Bundles every entry point. The extension runs in VS Code's Node extension host, the language
// server in a Node process of its own, the CLI on plain Node; `vscode` is provided by the host
// and never bundled.
import * as esbuild from 'esbuild';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');

/** Every *.test.ts under test/integration, so the host suite needs no hand-kept list. */
function integrationTestEntries() {
  const dir = 'test/integration';
  const entries = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isFile() && name.endsWith('.ts')) entries.push(path);
  }
  return entries;
}

/**
 * Modules loaded only when needed, each a bundle of its own next to the others, which refer to
 * that file instead of holding it: OpenAI's tokenizer tables (megabytes), required when a known
 * OpenAI model's tokens are counted; the language client, required with the first pipeline file;
 * the commands and panels (the task registry, zod, the openai SDK, the YAML parser), required
 * with the first command; the status bar, required with the first JSONL editor. Activating the
 * extension parses none of them (bench/activation.bench.mjs measures it).
 */
const ON_DEMAND = {
  openAiTokenizer: 'src/core/llm/openAiTokenizer.ts',
  pipelineLanguageClient: 'src/extension/pipelineLanguageClient.ts',
  extensionServices: 'src/extension/extensionServices.ts',
  profileStatusBar: 'src/extension/profileStatusBar.ts',
};
const onDemand = {
  name: 'on-demand',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^\\./(${Object.keys(ON_DEMAND).join('|')})$`) }, (args) => ({ path: `${args.path}.js`, external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external: ['vscode'],
  // jsonc-parser's "main" is a UMD build whose require('./impl/format') esbuild cannot follow
  // (the bundle then fails at run time); its "module" build bundles cleanly.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  plugins: [onDemand],
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: ON_DEMAND, outdir: 'dist' }),
  // The pipeline language server, a separate Node process the extension starts over IPC.
  esbuild.build({ ...common, entryPoints: { server: 'src/server/server.ts' }, outdir: 'dist' }),
  esbuild.build({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  }),
  // The results panel's page: a browser script, loaded by the webview under a nonce CSP.
  esbuild.build({
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  }),
  // The host suite is bundled too, but mocha stays external: the test host must load the
  // mocha that is installed in the extension's node_modules.
  production
    ? Promise.resolve()
    : esbuild.build({
        ...common,
        entryPoints: integrationTestEntries(),
        outdir: 'out/test/integration',
        external: ['vscode', 'mocha'],
      }),
  // Next to the host tests, as dist/openAiTokenizer.js is next to the extension.
  production ? Promise.resolve() : esbuild.build({ ...common, plugins: [], entryPoints: { openAiTokenizer: ON_DEMAND.openAiTokenizer }, outdir: 'out/test/integration' }),
]);

// `npm link` and `npm install -g .` put a symlink to dist/cli.js on PATH and mark it executable
// once; a later build into a clean dist/ writes a new file without that mark, so set it here.
chmodSync('dist/cli.js', 0o755);
