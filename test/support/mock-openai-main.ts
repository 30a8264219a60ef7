/**
 * Runs the mock endpoint on its own for demos:
 * `node --import tsx test/support/mock-openai-main.ts [--port N] [--model NAME] [--latency-ms N] [--batch-polls N]`.
 * `--batch-polls` is how many retrieves a batch takes to complete (3 when absent). Prints
 * `MOCK_OPENAI_URL=<base url>` once listening and stops on SIGINT or SIGTERM; run it several
 * times for a fleet of endpoints a test can kill one by one.
 */
import { startMockOpenAi } from './mockOpenAi';

function integerArgument(args: readonly string[], flag: string, max: number): number {
  const index = args.indexOf(flag);
  if (index < 0) return 0;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${flag} needs a number from 0 to ${max}, not "${args[index + 1] ?? ''}"`);
  }
  return value;
}

function stringArgument(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index < 0 ? undefined : args[index + 1];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const model = stringArgument(args, '--model');
  const batchPolls = integerArgument(args, '--batch-polls', 1000);
  const mock = await startMockOpenAi({
    port: integerArgument(args, '--port', 65535),
    latencyMs: integerArgument(args, '--latency-ms', 600_000),
    ...(model ? { model } : {}),
    ...(batchPolls > 0 ? { batches: { pollsToFinish: batchPolls } } : {}),
  });
  console.log(`MOCK_OPENAI_URL=${mock.url}`);
  const stop = (): void => {
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
