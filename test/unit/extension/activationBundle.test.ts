// What activating the extension loads, read from the development build that the unit test runner
// makes first (dist/extension.js and its source map): the activation bundle holds only the glue,
// and every bundle it loads later is shipped in the .vsix.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const bundle = readFileSync('dist/extension.js', 'utf8');
const sources = (JSON.parse(readFileSync('dist/extension.js.map', 'utf8')) as { sources: string[] }).sources;

describe('the activation bundle (dist/extension.js)', () => {
  it('holds no library and none of core: zod, the task registry, the openai SDK, the YAML parser and the language client load on demand', () => {
    const heavy = sources.filter((source) => source.includes('node_modules/') || source.includes('src/core/'));
    assert.deepEqual(heavy, []);
    assert.ok(sources.includes('../src/extension/extension.ts'), `unexpected source paths: ${sources.join(', ')}`);
  });

  it('loads each on-demand bundle by a path the .vsix ships', () => {
    const loaded = [...bundle.matchAll(/require\("\.\/([\w.]+\.js)"\)/g)].map((match) => match[1]);
    assert.deepEqual(loaded.sort(), ['extensionServices.js', 'pipelineLanguageClient.js', 'profileStatusBar.js']);
    const shipped = readFileSync('.vscodeignore', 'utf8').split('\n');
    for (const name of loaded) assert.ok(shipped.includes(`!dist/${name}`), `.vscodeignore does not ship dist/${name}`);
  });
});
