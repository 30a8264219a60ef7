/**
 * The CLI's messages, word for word, from the pure functions that build them; exitMessages.test.ts
 * checks a few of them through the built CLI, with their exit codes.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGenerateArgs, parseRunTaskArgs } from '../../../src/cli/args';
import { parseCheckArgs } from '../../../src/cli/checkArgs';
import { FailureReasons } from '../../../src/cli/failureReasons';
import { describeFileError, describeUncaughtError, folderProblem, unreadableFileProblem } from '../../../src/cli/fileErrors';
import { checkLineRange, countLines } from '../../../src/cli/inputLines';
import { parseRunPipelineArgs } from '../../../src/cli/runPipelineArgs';
import { configureTask, lookUpTask } from '../../../src/cli/taskFromArgs';
import { USAGE } from '../../../src/cli/usage';
import { TASKS } from '../../../src/core/tasks/registry';

const ENDPOINT = ['--out', 'o.jsonl', '--base-url', 'http://localhost:11434/v1', '--model', 'm'];
const runTask = (...argv: string[]) => parseRunTaskArgs(['EvolInstruct', '--input', 'in.jsonl', ...ENDPOINT, ...argv]);

/** The message of the UsageError `run` throws. */
function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.equal((error as Error).name, 'UsageError', String(error));
    return (error as Error).message;
  }
  assert.fail('no UsageError was thrown');
}

/** Configures the task as `distillery run-task <task> --param ...` would, and gives the UsageError's message. */
function paramsError(task: string, ...params: string[]): string {
  const args = parseRunTaskArgs([task, '--input', 'in.jsonl', ...ENDPOINT, ...params.flatMap((param) => ['--param', param])]);
  return usageError(() => configureTask(lookUpTask(args.taskName), args));
}

const errno = (code: string, extra: Partial<NodeJS.ErrnoException> = {}) => Object.assign(new Error(`${code}: something, open`), { code, ...extra });

describe('flags: our own words, not node:util parseArgs\'s', () => {
  test('an unknown option, with the nearest known one', () => {
    assert.equal(usageError(() => runTask('--concurency', '3')), 'unknown option --concurency; did you mean "--concurrency"?');
    assert.equal(usageError(() => parseGenerateArgs(['EvolInstructGenerator', '--row', '3', ...ENDPOINT])), 'unknown option --row; did you mean "--rows"?');
    assert.equal(usageError(() => parseCheckArgs(['--formt', 'json', 'p.yaml'])), 'unknown option --formt; did you mean "--format"?');
    assert.equal(usageError(() => parseRunPipelineArgs(['p.yaml', '--outdir', 'x'])), 'unknown option --outdir; did you mean "--out-dir"?');
  });

  test('an unknown option like no known one', () => {
    assert.equal(usageError(() => runTask('--bogus')), 'unknown option --bogus');
    assert.equal(usageError(() => runTask('-x')), 'unknown option -x');
  });

  test('an option without its value', () => {
    assert.equal(usageError(() => runTask('--param')), '--param needs a value');
    assert.equal(usageError(() => parseCheckArgs(['p.yaml', '--format'])), '--format needs a value');
    assert.equal(usageError(() => parseRunPipelineArgs(['p.yaml', '--out-dir'])), '--out-dir needs a value');
    assert.equal(
      usageError(() => parseRunTaskArgs(['EvolInstruct', '--input', 'in.jsonl', '--out', '--force'])),
      '--out needs a value; "--force" looks like an option (write --out=--force if it is the value)',
    );
  });

  test('a value given to a switch', () => {
    assert.equal(usageError(() => runTask('--force=yes')), '--force takes no value, got "yes"');
  });

  test('values that start with "-" are taken when written with "="', () => {
    assert.equal(parseRunPipelineArgs(['p.yaml', '--out-dir=-odd']).outDir, '-odd');
  });
});

describe('tasks and parameters: the editor\'s words, plus the flag that fixes them', () => {
  test('a misspelt task gets "did you mean", as the unknown-task diagnostic does', () => {
    assert.equal(usageError(() => lookUpTask('EvolInstrct')), 'Unknown task "EvolInstrct"; did you mean "EvolInstruct"?');
    assert.equal(usageError(() => lookUpTask('evolinstruct')), 'Unknown task "evolinstruct"; did you mean "EvolInstruct"?');
    assert.equal(usageError(() => lookUpTask('Zebra')), 'Unknown task "Zebra" (run `distillery tasks` for the list).');
  });

  test('a missing required parameter: its name, type and meaning, and how to pass it', () => {
    assert.equal(
      paramsError('EvolInstruct'),
      'EvolInstruct needs parameter `num_evolutions` (integer ≥ 1): How many times each instruction is evolved, each evolution building on the last. Pass --param num_evolutions=VALUE.',
    );
    assert.equal(
      paramsError('GenerateSentencePair'),
      'GenerateSentencePair needs parameter `action` ("paraphrase" or "semantically-similar" or "query" or "answer"): What the positive is to the anchor: "paraphrase", "semantically-similar", "query" or "answer" (required). Pass --param action=VALUE.',
    );
  });

  test('a wrong-typed or out-of-range value: the parameter, what it got and what it expects', () => {
    assert.equal(paramsError('EvolInstruct', 'num_evolutions=two'), 'Invalid `num_evolutions` for EvolInstruct: expected a number, got a string ("two").');
    assert.equal(paramsError('EvolInstruct', 'num_evolutions=0'), 'Invalid `num_evolutions` for EvolInstruct: must be ≥ 1, got a number (0).');
    assert.equal(
      paramsError('UltraFeedback', 'aspect=humour'),
      'Invalid `aspect` for UltraFeedback: must be "helpfulness" or "honesty" or "instruction-following" or "truthfulness" or "overall-rating", got a string ("humour").',
    );
  });

  test('several problems: one line each', () => {
    assert.equal(
      paramsError('EvolInstruct', 'num_evolutions=two', 'store_evolutions=yes'),
      'Invalid `num_evolutions` for EvolInstruct: expected a number, got a string ("two").\nInvalid `store_evolutions` for EvolInstruct: expected true or false, got a string ("yes").',
    );
  });

  test('a misspelt parameter gets "did you mean", and is not also reported missing', () => {
    assert.equal(paramsError('EvolInstruct', 'num_evolution=2'), 'EvolInstruct has no parameter "num_evolution"; did you mean "num_evolutions"?');
    assert.equal(
      paramsError('EvolInstruct', 'num_evolutions=1', 'zzz=1'),
      'EvolInstruct has no parameter "zzz"; its parameters: num_evolutions, store_evolutions, generate_answers, include_original_instruction, mutation_templates, seed, num_generations, group_generations.',
    );
  });

  test('a mapping to an input the task does not have names the flag', () => {
    const args = runTask('--param', 'num_evolutions=1', '--input-mapping', 'instructions=prompt');
    assert.equal(usageError(() => configureTask(lookUpTask('EvolInstruct'), args)), '--input-mapping: "instructions" is not an input of EvolInstruct (its inputs: instruction).');
  });

  test('for every task, no parameter message is zod\'s own wording', () => {
    for (const name of TASKS.keys()) {
      const args = parseRunTaskArgs([name, '--input', 'in.jsonl', ...ENDPOINT, '--param', 'num_generations=none']);
      for (const line of usageError(() => configureTask(lookUpTask(name), args)).split('\n')) {
        assert.doesNotMatch(line, /received|Invalid input|expected number/, `${name}: ${line}`);
        assert.match(line, new RegExp(`^(${name} needs parameter \`\\w+\` .*Pass --param \\w+=VALUE\\.|Invalid \`\\w+\` for ${name}: .*\\.)$`), `${name}: ${line}`);
      }
    }
  });
});

describe('file errors: a sentence naming the file and what to do', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'distillery-messages-'));
    await writeFile(join(dir, 'file'), 'x\n');
    await mkdir(join(dir, 'folder'));
  });
  after(async () => {
    await rm(dir, { recursive: true });
  });

  test('reading: missing, a directory, a file in the path, no permission', async () => {
    const input = (path: string) => ({ label: `--input ${path}`, path });
    assert.equal(await unreadableFileProblem(input(join(dir, 'file'))), undefined);
    assert.equal(await unreadableFileProblem(input('nope.jsonl')), 'cannot read --input nope.jsonl: no such file. Check the path.');
    const folder = join(dir, 'folder');
    assert.equal(await unreadableFileProblem(input(folder)), `cannot read --input ${folder}: it is a directory. Give the path of a file.`);
    const underFile = join(dir, 'file', 'in.jsonl');
    assert.equal(await unreadableFileProblem(input(underFile)), `cannot read --input ${underFile}: ${join(dir, 'file')} is a file, not a directory. Check the path.`);
    // The tests may run as root, who reads anything: the error is made up.
    assert.equal(
      describeFileError(errno('EACCES'), { label: '--input data.jsonl', path: 'data.jsonl', action: 'read' }),
      'cannot read --input data.jsonl: permission denied. Check the permissions of data.jsonl and of its folder.',
    );
  });

  test('writing: a file where a folder goes, a directory given as the file, a full or read-only disk', async () => {
    const out = join(dir, 'file', 'sub', 'o.jsonl');
    assert.equal(
      await folderProblem({ label: `--out ${out}`, path: out }, join(dir, 'file', 'sub')),
      `cannot write --out ${out}: ${join(dir, 'file')} is a file, not a directory. Choose another path.`,
    );
    assert.equal(await folderProblem({ label: 'new', path: join(dir, 'new') }, join(dir, 'new', 'steps')), undefined);
    assert.deepEqual(await readdir(join(dir, 'new')), ['steps'], 'a missing folder is made');
    const target = { label: '--out out', path: 'out', action: 'write' } as const;
    assert.equal(describeFileError(errno('EISDIR'), target), 'cannot write --out out: it is a directory. Give a file path, such as out/results.jsonl.');
    assert.equal(describeFileError(errno('EROFS'), target), 'cannot write --out out: the file system is read-only. Choose another path.');
    assert.equal(describeFileError(errno('ENOSPC'), target), 'cannot write --out out: no space left on the device. Free some space or choose another path.');
    assert.equal(describeFileError(errno('EBUSY'), target), 'cannot write --out out: EBUSY: something, open');
  });

  test('an error no command caught: by its path and system call, never a stack', () => {
    assert.equal(describeUncaughtError(errno('EISDIR', { path: 'out/a.jsonl', syscall: 'open' })), 'cannot open out/a.jsonl: it is a directory. Give the path of a file.');
    assert.equal(describeUncaughtError(errno('ENOSPC', { path: 'out/a.jsonl', syscall: 'write' })), 'cannot write out/a.jsonl: no space left on the device. Free some space or choose another path.');
    assert.equal(describeUncaughtError(new Error('something else')), 'something else');
  });
});

describe('--lines past the end of the input', () => {
  test('wholly past: nothing to run', () => {
    assert.deepEqual(checkLineRange({ start: 500, end: 600 }, 175, 'seeds.jsonl'), {
      runnable: undefined,
      warning: '--lines 500-600 is past the end of seeds.jsonl, which has 175 lines; nothing was sent or written.',
    });
    assert.equal(checkLineRange({ start: 2, end: 2 }, 1, 'one.jsonl').warning, '--lines 2 is past the end of one.jsonl, which has 1 line; nothing was sent or written.');
  });

  test('partly past: the lines that exist, and which are missing', () => {
    assert.deepEqual(checkLineRange({ start: 170, end: 200 }, 175, 'seeds.jsonl'), {
      runnable: { start: 170, end: 175 },
      warning: 'seeds.jsonl has 175 lines, so --lines 170-200 runs lines 170-175; lines 176-200 are not there.',
    });
    assert.equal(checkLineRange({ start: 175, end: 176 }, 175, 'seeds.jsonl').warning, 'seeds.jsonl has 175 lines, so --lines 175-176 runs line 175; line 176 is not there.');
  });

  test('within the file: no warning', () => {
    assert.deepEqual(checkLineRange({ start: 3, end: 40 }, 175, 'seeds.jsonl'), { runnable: { start: 3, end: 40 } });
  });

  test('lines are counted with or without a final newline, and no further than asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distillery-lines-'));
    try {
      await writeFile(join(dir, 'a.jsonl'), '{}\n\n{}\n');
      await writeFile(join(dir, 'b.jsonl'), '{}\n{}');
      assert.equal(await countLines(join(dir, 'a.jsonl'), 100), 3);
      assert.equal(await countLines(join(dir, 'b.jsonl'), 100), 2);
      assert.equal(await countLines(join(dir, 'a.jsonl'), 2), 2);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

test('the most common failure reasons, most frequent first', () => {
  const reasons = new FailureReasons();
  for (const reason of ['timeout', 'HTTP 400: model not loaded', 'timeout', 'parse', 'HTTP 400: model not loaded', 'timeout', 'other']) reasons.add(reason);
  assert.deepEqual(reasons.mostCommon(), ['  3 × timeout', '  2 × HTTP 400: model not loaded', '  1 × parse']);
});

test('hints name the installed command, distillery, never node dist/cli.js', async () => {
  assert.doesNotMatch(USAGE, /dist\/cli|node /);
  const dir = join(process.cwd(), 'src', 'cli');
  for (const file of await readdir(dir)) {
    assert.doesNotMatch(await readFile(join(dir, file), 'utf8'), /node dist|dist\/cli\.js/, file);
  }
});
