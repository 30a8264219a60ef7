/**
 * Runs the mock endpoint on its own for demos: `node --import tsx test/support/mock-openai-main.ts [--port N]`.
 * Prints `MOCK_OPENAI_URL=<base url>` once listening and stops on SIGINT or SIGTERM.
 */
import { startMockOpenAi } from './mockOpenAi';

function portArgument(args: readonly string[]): number {
  const index = args.indexOf('--port');
  if (index < 0) return 0;
  const port = Number(args[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port needs a number from 0 to 65535, not "${args[index + 1] ?? ''}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const mock = await startMockOpenAi({ port: portArgument(process.argv.slice(2)) });
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
