// Bundles every entry point. Extension and server run in VS Code's Node extension host,
// the CLI runs on plain Node; `vscode` is provided by the host and never bundled.
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
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
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' }),
  esbuild.build({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
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
]);
