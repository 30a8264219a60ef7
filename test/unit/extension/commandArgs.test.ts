import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  evolveArgsSchema,
  generateArgsSchema,
  parseCommandArgs,
  runTaskArgsSchema,
  setApiKeyArgsSchema,
} from '../../../src/extension/commandArgs';
import { FileMemory, type MementoLike } from '../../../src/extension/fileMemory';
import { describeSelectionRun, type SelectionRunSummary } from '../../../src/extension/runSummary';

describe('parseCommandArgs', () => {
  it('takes no arguments, or the editor URI a context menu passes, as "ask"', () => {
    assert.equal(parseCommandArgs('Evolve', evolveArgsSchema, undefined), undefined);
    assert.equal(parseCommandArgs('Evolve', evolveArgsSchema, { scheme: 'file', authority: '', path: '/a.jsonl' }), undefined);
  });

  it('accepts the scripted forms', () => {
    assert.deepEqual(parseCommandArgs('Run', runTaskArgsSchema, { task: 'EvolQuality', params: { num_evolutions: 1 }, output: 'siblingFile' }), {
      task: 'EvolQuality',
      params: { num_evolutions: 1 },
      output: 'siblingFile',
    });
    assert.deepEqual(parseCommandArgs('Generate', generateArgsSchema, { task: 'G', rows: 3, target: { path: '/tmp/x.jsonl' } })?.target, { path: '/tmp/x.jsonl' });
    assert.equal(parseCommandArgs('Set API Key', setApiKeyArgsSchema, 'sk-1'), 'sk-1');
    assert.deepEqual(parseCommandArgs('Set API Key', setApiKeyArgsSchema, { profile: 'p', key: '' }), { profile: 'p', key: '' });
  });

  it('says what is wrong with bad arguments', () => {
    assert.throws(() => parseCommandArgs('Run Task on Selected Rows', runTaskArgsSchema, { task: 'X', output: 'elsewhere' }), /Run Task on Selected Rows was given arguments it cannot use: .*output/);
    assert.throws(() => parseCommandArgs('Run', runTaskArgsSchema, { tsak: 'X' }), /tsak/);
    assert.throws(() => parseCommandArgs('Generate', generateArgsSchema, { task: 'G', rows: 0 }), /rows/);
  });
});

class Memento implements MementoLike {
  readonly values = new Map<string, unknown>();
  get(key: string): unknown {
    return this.values.get(key);
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

describe('FileMemory', () => {
  it('remembers parameters, mappings and output per file and task', async () => {
    const memory = new FileMemory(new Memento());
    await memory.rememberRun('file:///a.jsonl', { taskName: 'EvolInstruct', params: { num_evolutions: 3 }, mappings: { instruction: 'prompt' }, output: 'siblingFile' });
    assert.deepEqual(memory.params('file:///a.jsonl', 'EvolInstruct'), { num_evolutions: 3 });
    assert.deepEqual(memory.mappings('file:///a.jsonl', 'EvolInstruct'), { instruction: 'prompt' });
    assert.equal(memory.output('file:///a.jsonl'), 'siblingFile');
    assert.equal(memory.get('file:///a.jsonl').lastTask, 'EvolInstruct');
    assert.equal(memory.params('file:///b.jsonl', 'EvolInstruct'), undefined);
    await memory.rememberRun('file:///a.jsonl', { taskName: 'G', params: { n: 1 }, generator: true });
    assert.equal(memory.get('file:///a.jsonl').lastGenerator, 'G');
    assert.equal(memory.get('file:///a.jsonl').lastTask, 'EvolInstruct');
  });

  it('reads a stale or broken entry as nothing remembered', () => {
    const state = new Memento();
    state.values.set('distillery.file:file:///a.jsonl', { params: 'broken', output: 'nowhere', mappings: { T: { a: 'b' } } });
    const memory = new FileMemory(state);
    const state2 = memory.get('file:///a.jsonl');
    assert.deepEqual([state2.params, state2.mappings, state2.output, state2.lastTask], [{}, { T: { a: 'b' } }, undefined, undefined]);
  });
});

describe('describeSelectionRun', () => {
  const base: SelectionRunSummary = {
    task: 'EvolInstruct',
    profile: 'default',
    output: 'inPlace',
    rows: 5,
    applied: 5,
    linesWritten: 5,
    failed: 0,
    cancelled: false,
    unfinished: 0,
    invalidLines: [],
    skippedLines: [],
    requests: 5,
    retries: 0,
    cacheHits: 0,
    inputTokens: 10,
    outputTokens: 10,
  };

  it('says what was written and where', () => {
    assert.equal(describeSelectionRun(base), 'Distillery: EvolInstruct wrote 5 of 5 rows in place; 5 requests.');
    assert.equal(
      describeSelectionRun({ ...base, output: 'siblingFile', outputPath: '/d/rows.distilled.jsonl', linesWritten: 1 }, 'rows.distilled.jsonl'),
      'Distillery: EvolInstruct appended 1 row to rows.distilled.jsonl; 5 requests.',
    );
  });

  it('lists failures, skipped and invalid lines, cancellation, requests sent and from the cache, and cost', () => {
    assert.equal(
      describeSelectionRun({ ...base, applied: 2, failed: 1, skippedLines: [4], invalidLines: [7, 9], cancelled: true, unfinished: 2, cacheHits: 3, cost: 0.5 }),
      'Distillery: EvolInstruct wrote 2 of 5 rows in place; 1 with null outputs (reasons in the Distillery log); ' +
        'not written because the row changed during the run: line 4; skipped lines 7, 9 (not JSON objects); ' +
        'cancelled: 2 unfinished rows left as they were; 5 requests · 3 from the cache · $0.50.',
    );
  });

  it('says a run stopped by an unusable endpoint left the rest alone, and counts the retries sent', () => {
    assert.equal(
      describeSelectionRun({ ...base, applied: 1, unfinished: 4, requests: 9, retries: 8, endpointDown: 'http://x/v1 answered HTTP 503 after 5 attempts.' }),
      'Distillery: EvolInstruct wrote 1 of 5 rows in place; stopped because the endpoint is not usable: 4 unfinished rows left as they were, ' +
        'to run again once it works (answers already received come from the request cache); 9 requests (8 retries).',
    );
  });
});
