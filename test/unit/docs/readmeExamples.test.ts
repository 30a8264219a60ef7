/**
 * The docs' shell examples work as written. Every line of the ```sh and ```bash blocks of
 * README.md, docs/first-run.md and docs/pipelines.md is either a `distillery ...` command, which
 * is run here through the built CLI (the bundle `npm link` puts on the PATH) against the mock
 * endpoint, or a line listed in NOT_RUN with the reason it cannot run here. Anything else fails,
 * so a new example is either run or explained.
 *
 * A doc's commands run in order (later ones may read what earlier ones wrote) in a temp folder
 * holding a copy of examples/. Only the endpoint changes: the value of every `--base-url` becomes
 * the mock's URL, and a `distillery run` without one gets `--base-url` added, which points every
 * `llms` entry of the pipeline at the mock. Each command must exit 0 and write exactly the rows
 * it promises.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../../support/cli';
import { answerBatchInput } from '../../support/fakeBatchEngine';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';

const ROOT = join(__dirname, '..', '..', '..');
const DOCS = ['README.md', 'docs/first-run.md', 'docs/pipelines.md'] as const;

/** Shell lines of the docs that are not run here, each with why. */
const NOT_RUN: readonly { line: RegExp; reason: string }[] = [
  { line: /^npm ci && npm run package$/, reason: 'reinstalls node_modules and packages the .vsix; scripts/test-all.sh packages it' },
  { line: /^code --install-extension dist\/distillery\.vsix$/, reason: 'needs desktop VS Code' },
  {
    line: /^npm ci && npm run build && npm link$/,
    reason: 'reinstalls node_modules and links into the global npm prefix; these tests run the same bundle, dist/cli.js, that `npm link` puts on the PATH',
  },
  {
    line: /^bash scripts\/demo\.sh --base-url \S+ --model \S+( --api-key-env \S+)?( --out \S+)?$/,
    reason: 'rebuilds dist/, which other test files run at the same time, and needs a real endpoint; its run-task line is the README\'s first CLI example on all 175 rows',
  },
  { line: /^ollama pull \S+$/, reason: 'downloads a model into a local Ollama' },
  { line: /^read -rs OPENAI_API_KEY && export OPENAI_API_KEY$/, reason: 'reads a real key from the terminal; here a fake key goes through --api-key-env' },
  { line: /^vllm serve \S+$/, reason: 'starts vLLM, which needs a GPU and the model' },
  { line: /^lms server start$/, reason: "starts LM Studio's server, which needs the app and a model" },
  { line: /^llama-server -m \S+\.gguf( --\S+ \S+)*$/, reason: 'starts llama.cpp, which needs a GGUF model file' },
];

/**
 * Lines of the docs run here by a stand-in, each with what stands in: the offline engine's loop is
 * run through, with test/support/fakeBatchEngine.ts answering as vLLM's run_batch would.
 */
const STAND_INS: readonly { line: RegExp; run: (match: RegExpExecArray, cwd: string) => Promise<void> }[] = [
  {
    line: /^python -m vllm\.entrypoints\.openai\.run_batch -i (\S+) -o (\S+) --model (\S+)$/,
    run: async ([, input, output, model], cwd) => writeFile(join(cwd, output as string), answerBatchInput(await readFile(join(cwd, input as string), 'utf8'), { model: model as string })),
  },
];

/** Exit 75: requests wait for a batch (--batch, batch export); such a line writes its output only once they are answered. */
const BATCH_PENDING = 75;

/** Rows a pipeline of the docs writes to its output, for `distillery run` lines. */
const PIPELINE_ROWS: Readonly<Record<string, number>> = {
  'examples/evolve-and-score.pipeline.yaml': 20, // `load: { lines: 1-20 }`, and no step drops rows
};

/** Passed through every `--api-key-env` variable; the mock then refuses requests without it. */
const FAKE_KEY = 'sk-docs-example-key';

interface DocLine {
  doc: string;
  /** 1-based line of the command's first line in the doc. */
  line: number;
  /** The command, continuation lines joined and a trailing comment removed. */
  text: string;
}

/** The commands of a Markdown file's sh and bash blocks. */
export function shellLines(markdown: string, doc: string): DocLine[] {
  const result: DocLine[] = [];
  let fence: string | undefined;
  let pending: DocLine | undefined;
  markdown.split('\n').forEach((raw, index) => {
    if (fence === undefined) {
      const open = /^```(\S*)\s*$/.exec(raw);
      if (open) fence = open[1] ?? '';
      return;
    }
    if (/^```\s*$/.test(raw)) {
      if (pending) throw new Error(`${doc}:${pending.line}: the block ends after a "\\" continuation`);
      fence = undefined;
      return;
    }
    if (fence !== 'sh' && fence !== 'bash') return;
    const continued = /\\\s*$/.test(raw);
    const part = raw.replace(/\\\s*$/, '').trim();
    if (pending) pending.text = `${pending.text} ${part}`;
    else if (part !== '' && !part.startsWith('#')) pending = { doc, line: index + 1, text: part };
    if (!continued && pending) {
      result.push({ ...pending, text: withoutComment(pending.text) });
      pending = undefined;
    }
  });
  return result;
}

/** The text before a `#` that starts a comment (after whitespace, outside quotes). */
function withoutComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      return text.slice(0, i).trimEnd();
    }
  }
  return text;
}

/** Words of a plain command: whitespace-separated, '...' and "..." quoting; no expansions, pipes or redirections. */
function words(command: DocLine): string[] {
  if (/[$`|;<>&]/.test(command.text.replace(/'[^']*'|"[^"]*"/g, ''))) {
    throw new Error(`${command.doc}:${command.line}: a distillery example must be one plain command: ${command.text}`);
  }
  return [...command.text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index < 0 ? undefined : args[index + 1];
}

async function rowCount(file: string): Promise<number> {
  return (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '').length;
}

/** The file a command writes and how many rows it must hold, or undefined for commands that write none. */
async function promisedOutput(args: readonly string[], cwd: string, command: DocLine): Promise<{ file: string; rows: number } | undefined> {
  const where = `${command.doc}:${command.line}`;
  const [subcommand] = args;
  // A dry run writes nothing (its own tests check that it sends nothing either).
  if (args.includes('--dry-run')) return undefined;
  if (subcommand === 'run-task') {
    const out = option(args, '--out');
    const input = option(args, '--input');
    assert.ok(out && input, `${where}: run-task needs --input and --out`);
    const lines = option(args, '--lines');
    const range = lines === undefined ? undefined : /^(\d+)(?:-(\d+))?$/.exec(lines);
    const selected = range ? Number(range[2] ?? range[1]) - Number(range[1]) + 1 : await rowCount(join(cwd, input));
    const generations = args.some((arg) => arg === 'group_generations=true') ? 1 : Number(/^num_generations=(\d+)$/.exec(args.find((arg) => arg.startsWith('num_generations=')) ?? '')?.[1] ?? 1);
    return { file: join(cwd, out), rows: selected * generations };
  }
  if (subcommand === 'generate') {
    const out = option(args, '--out');
    assert.ok(out, `${where}: generate needs --out`);
    return { file: join(cwd, out), rows: Number(option(args, '--rows')) };
  }
  if (subcommand === 'run') {
    const pipeline = args[1] as string;
    const rows = PIPELINE_ROWS[pipeline];
    assert.ok(rows !== undefined, `${where}: add ${pipeline} and the rows it writes to PIPELINE_ROWS`);
    const output = (parseYaml(await readFile(join(cwd, pipeline), 'utf8')) as { output?: unknown }).output;
    assert.ok(typeof output === 'string', `${where}: ${pipeline} has no output`);
    const outDir = option(args, '--out-dir');
    return { file: outDir === undefined ? join(cwd, dirname(pipeline), output) : join(cwd, outDir, basename(output)), rows };
  }
  return undefined;
}

/** The command's arguments with the endpoint moved to the mock, and the environment it needs. */
function againstMock(args: readonly string[], mock: MockOpenAi): { args: string[]; keyEnv: string | undefined } {
  // Every --base-url of a fleet example becomes the mock too: a fleet of one server listed twice.
  const moved = args.map((arg, index) => (args[index - 1] === '--base-url' ? mock.url : arg));
  if (!moved.includes('--base-url') && moved[0] === 'run') moved.push('--base-url', mock.url);
  return { args: moved, keyEnv: option(moved, '--api-key-env') };
}

async function runDocCommand(command: DocLine, cwd: string, mock: MockOpenAi): Promise<void> {
  const where = `${command.doc}:${command.line}`;
  const { args, keyEnv } = againstMock(words(command).slice(1), mock);
  const promised = await promisedOutput(args, cwd, command);
  if (keyEnv !== undefined) mock.requireApiKey(FAKE_KEY);
  try {
    // One cache for the doc's commands, where a user's would be, so a --resume finds the answers.
    const env = { DISTILLERY_CACHE_DIR: join(cwd, '.distillery', 'cache'), ...(keyEnv === undefined ? {} : { [keyEnv]: FAKE_KEY }) };
    const run = await runCli(args, { cwd, env });
    const mayWait = args.includes('--batch') || (args[0] === 'batch' && args[1] === 'export');
    if (mayWait && run.code === BATCH_PENDING) return;
    assert.equal(run.code, 0, `${where}: ${command.text}\nexit ${run.code}\n${run.stderr}`);
    if (promised === undefined) {
      // `check` prints nothing for a pipeline without problems; listings and help must print.
      if (args[0] !== 'check') assert.notEqual(run.stdout.trim(), '', `${where}: printed nothing`);
      return;
    }
    assert.equal(await rowCount(promised.file), promised.rows, `${where}: ${promised.file} should hold ${promised.rows} rows`);
  } finally {
    mock.requireApiKey(undefined);
  }
}

describe('the shell examples of the docs', () => {
  let mock: MockOpenAi;
  before(async () => {
    mock = await startMockOpenAi();
  });
  after(async () => {
    await mock.close();
  });

  for (const doc of DOCS) {
    test(`${doc}: every distillery line runs against the mock; every other line is in NOT_RUN`, async (t) => {
      const commands = shellLines(readFileSync(join(ROOT, doc), 'utf8'), doc);
      assert.ok(commands.some((command) => command.text.startsWith('distillery ')), `${doc} has no distillery example`);
      const cwd = await mkdtemp(join(tmpdir(), 'distillery-docs-'));
      await cp(join(ROOT, 'examples'), join(cwd, 'examples'), { recursive: true });
      try {
        for (const command of commands) {
          const standIn = STAND_INS.map((entry) => ({ entry, match: entry.line.exec(command.text) })).find(({ match }) => match !== null);
          if (command.text.startsWith('distillery ')) {
            await t.test(`${doc}:${command.line} ${command.text}`, () => runDocCommand(command, cwd, mock));
          } else if (standIn?.match) {
            const { entry, match } = standIn;
            await t.test(`${doc}:${command.line} ${command.text} (stand-in)`, () => entry.run(match, cwd));
          } else if (!NOT_RUN.some((entry) => entry.line.test(command.text))) {
            assert.fail(`${doc}:${command.line}: "${command.text}" is not a distillery command: run it here, or add it to NOT_RUN with the reason it cannot run`);
          }
        }
      } finally {
        await rm(cwd, { recursive: true, force: true });
      }
    });
  }

  test('every NOT_RUN entry is a line of the docs', () => {
    const lines = DOCS.flatMap((doc) => shellLines(readFileSync(join(ROOT, doc), 'utf8'), doc));
    for (const entry of NOT_RUN) {
      assert.ok(lines.some((line) => entry.line.test(line.text)), `NOT_RUN entry ${entry.line} (${entry.reason}) matches no line any more: remove it`);
    }
  });
});

describe('shellLines', () => {
  test('joins continuations, drops comments, and reads only sh and bash blocks', () => {
    const markdown = [
      '```sh',
      '# a comment',
      'distillery run-task X --input a.jsonl \\',
      '  --out b.jsonl   # trailing comment',
      '',
      'distillery tasks',
      '```',
      '```yaml',
      'key: value',
      '```',
      '```',
      'not a shell line',
      '```',
      '```bash',
      "echo '# not a comment'",
      '```',
    ].join('\n');
    assert.deepEqual(shellLines(markdown, 'x.md'), [
      { doc: 'x.md', line: 3, text: 'distillery run-task X --input a.jsonl --out b.jsonl' },
      { doc: 'x.md', line: 6, text: 'distillery tasks' },
      { doc: 'x.md', line: 15, text: "echo '# not a comment'" },
    ]);
  });
});

describe('docs/first-run.md settings', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, JsonSchema> }[] };
  };
  interface JsonSchema {
    properties?: Record<string, JsonSchema>;
    items?: JsonSchema;
    required?: string[];
  }
  const settings: Record<string, JsonSchema> = Object.assign({}, ...pkg.contributes.configuration.map((section) => section.properties));
  const text = readFileSync(join(ROOT, 'docs', 'first-run.md'), 'utf8');

  test('every setting it names exists in package.json', () => {
    const named = [...text.matchAll(/`(distillery\.[A-Za-z.]+)`/g)].map((match) => match[1] as string);
    assert.ok(named.length > 0);
    for (const name of named) assert.ok(name in settings, `${name} is not a setting of package.json`);
  });

  test('every settings block parses and uses only the keys package.json declares', () => {
    const blocks = [...text.matchAll(/```jsonc\n([\s\S]*?)```/g)].map((match) => match[1] as string).filter((block) => block.includes('"distillery.llm.profiles"'));
    assert.ok(blocks.length >= 5, 'a profile per server');
    const profileSchema = settings['distillery.llm.profiles']?.items as JsonSchema;
    const checkKeys = (value: unknown, schema: JsonSchema, where: string): void => {
      assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${where} is an object`);
      for (const [key, nested] of Object.entries(value)) {
        const keySchema = schema.properties?.[key];
        assert.ok(keySchema, `${where}: "${key}" is not a key package.json declares`);
        if (keySchema.properties && typeof nested === 'object') checkKeys(nested, keySchema, `${where}.${key}`);
      }
      for (const key of schema.required ?? []) assert.ok(key in value, `${where}: "${key}" is required`);
    };
    for (const block of blocks) {
      const errors: ParseError[] = [];
      const parsed = parseJsonc(`{${block}}`, errors) as Record<string, unknown>;
      assert.deepEqual(errors, [], block);
      for (const name of Object.keys(parsed)) assert.ok(name in settings, `${name} is not a setting of package.json`);
      const profiles = parsed['distillery.llm.profiles'];
      assert.ok(Array.isArray(profiles) && profiles.length > 0, block);
      profiles.forEach((profile, index) => checkKeys(profile, profileSchema, `profile ${index + 1} of\n${block}`));
      const active = parsed['distillery.llm.activeProfile'];
      assert.ok(profiles.some((profile: { name?: unknown }) => profile.name === active), `activeProfile "${String(active)}" names no profile of\n${block}`);
    }
  });
});
