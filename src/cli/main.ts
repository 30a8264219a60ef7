import { UsageError, parseGenerateArgs, parseRunTaskArgs } from './args';
import { parseCheckArgs } from './checkArgs';
import { checkCommand } from './checkCommand';
import { generateCommand } from './generateCommand';
import { runPipelineCommand } from './runPipelineCommand';
import { parseRunPipelineArgs } from './runPipelineArgs';
import { runTaskCommand } from './runTaskCommand';
import { TASKS } from '../core/tasks/registry';
import { EXIT, USAGE } from './usage';
import { version } from '../../package.json';

function listTasks(): number {
  const width = Math.max(...[...TASKS.keys()].map((name) => name.length));
  for (const task of TASKS.values()) {
    const kind = task.kind === 'generator' ? 'generator' : 'task';
    process.stdout.write(`${task.name.padEnd(width)}  ${kind.padEnd(9)}  ${task.description}\n`);
  }
  return EXIT.ok;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run-task':
      return runTaskCommand(parseRunTaskArgs(rest));
    case 'generate':
      return generateCommand(parseGenerateArgs(rest));
    case 'run':
      return runPipelineCommand(parseRunPipelineArgs(rest));
    case 'check':
      return checkCommand(parseCheckArgs(rest));
    case 'tasks':
      return listTasks();
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
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\nRun "distillery --help" for usage.\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.fatal;
    }
  },
);
