import { closestNames, didYouMean } from '../core/pipeline/suggest';
import { parseGenerateArgs, parseRunTaskArgs } from './args';
import { parseCheckArgs } from './checkArgs';
import { batchCommand } from './batchCommand';
import { cacheCommand } from './cacheCommand';
import { checkCommand } from './checkCommand';
import { describeUncaughtError } from './fileErrors';
import { generateCommand } from './generateCommand';
import { runPipelineCommand } from './runPipelineCommand';
import { parseRunPipelineArgs } from './runPipelineArgs';
import { runTaskCommand } from './runTaskCommand';
import { TASKS } from '../core/tasks/registry';
import { EXIT, USAGE } from './usage';
import { UsageError } from './usageError';
import { version } from '../../package.json';

function listTasks(): number {
  const width = Math.max(...[...TASKS.keys()].map((name) => name.length));
  for (const task of TASKS.values()) {
    const kind = task.kind === 'generator' ? 'generator' : 'task';
    process.stdout.write(`${task.name.padEnd(width)}  ${kind.padEnd(9)}  ${task.description}\n`);
  }
  return EXIT.ok;
}

/** Each command, by the name typed after `distillery`. */
const COMMANDS: Readonly<Record<string, (rest: string[]) => number | Promise<number>>> = {
  'run-task': (rest) => runTaskCommand(parseRunTaskArgs(rest)),
  generate: (rest) => generateCommand(parseGenerateArgs(rest)),
  run: (rest) => runPipelineCommand(parseRunPipelineArgs(rest)),
  check: (rest) => checkCommand(parseCheckArgs(rest)),
  tasks: () => listTasks(),
  cache: (rest) => cacheCommand(rest),
  batch: (rest) => batchCommand(rest),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case '--version':
    case '-v':
      process.stdout.write(`${version}\n`);
      return EXIT.ok;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run === undefined) throw new UsageError(`unknown command "${command}"${didYouMean(closestNames(command, Object.keys(COMMANDS)))}`);
  // `distillery run-task --help` asks for the usage, which covers every command.
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof UsageError ? error.message : describeUncaughtError(error);
    // A message may hold several problems, one a line; each reads as its own error.
    for (const line of message.split('\n')) process.stderr.write(`error: ${line}\n`);
    if (error instanceof UsageError) process.stderr.write('Run "distillery --help" for usage.\n');
    process.exitCode = error instanceof UsageError ? EXIT.usage : EXIT.fatal;
  },
);
