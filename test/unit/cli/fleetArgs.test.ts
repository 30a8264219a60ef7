import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunTaskArgs } from '../../../src/cli/args';
import { FleetReport } from '../../../src/cli/fleetReport';
import { parseRunPipelineArgs } from '../../../src/cli/runPipelineArgs';
import { clientConfigFor } from '../../../src/cli/runToFile';

const runTask = (...argv: string[]) => parseRunTaskArgs(['EvolInstruct', '--input', 'in.jsonl', '--out', 'o.jsonl', '--model', 'm', ...argv]);
const A = 'http://gpu1:8000/v1';
const B = 'http://gpu2:8000/v1';

describe('repeated --base-url: an endpoint fleet', () => {
  test('one --base-url is one endpoint, as before, the last --concurrency counting', () => {
    const config = clientConfigFor(runTask('--base-url', A, '--concurrency', '8', '--concurrency', '3'));
    assert.equal(config.baseUrl, A);
    assert.equal(config.maxConcurrency, 3);
    assert.equal(config.baseUrls, undefined);
  });

  test('several make a fleet; one --concurrency is every endpoint’s, or one after each --base-url is its own', () => {
    assert.deepEqual(clientConfigFor(runTask('--base-url', A, '--base-url', B, '--concurrency', '4')).baseUrls, [
      { url: A, maxConcurrency: 4 },
      { url: B, maxConcurrency: 4 },
    ]);
    assert.deepEqual(clientConfigFor(runTask('--base-url', A, '--concurrency', '16', '--base-url', B, '--concurrency', '2')).baseUrls, [
      { url: A, maxConcurrency: 16 },
      { url: B, maxConcurrency: 2 },
    ]);
    assert.deepEqual(clientConfigFor(runTask('--base-url', A, '--base-url', B)).baseUrls, [{ url: A }, { url: B }]);
  });

  test('a --concurrency count that pairs with neither all nor each --base-url is refused, saying what to give', () => {
    assert.throws(() => runTask('--base-url', A, '--base-url', B, '--base-url', 'http://gpu3:8000/v1', '--concurrency', '2', '--concurrency', '3'), {
      name: 'UsageError',
      message: '--concurrency is given 2 times for 3 --base-url: give it once for every endpoint, or once after each --base-url',
    });
    assert.throws(() => runTask(), { name: 'UsageError', message: '--base-url is required' });
  });

  test('distillery run takes several --base-url for every llms entry', () => {
    assert.deepEqual(parseRunPipelineArgs(['p.yaml', '--base-url', A, '--base-url', B]).baseUrls, [A, B]);
    assert.deepEqual(parseRunPipelineArgs(['p.yaml']).baseUrls, []);
    assert.throws(() => parseRunPipelineArgs(['p.yaml', '--base-url', A, '--base-url', 'gpu2:8000']), {
      message: '--base-url expects an http(s) URL such as http://localhost:11434/v1, got "gpu2:8000"',
    });
  });
});

describe('FleetReport', () => {
  test('says when an endpoint goes out and comes back, and how many each answered', () => {
    const lines: string[] = [];
    const report = new FleetReport((line) => lines.push(line));
    const usage = { inputTokens: 1, outputTokens: 1 };
    report.onEvent({ type: 'response', id: 1, attempt: 1, status: 200, latencyMs: 5, usage, endpoint: A });
    report.onEvent({ type: 'endpoint-out', endpoint: B, reason: `Could not reach ${B} (connection refused) after 1 attempt.`, probeInMs: 2000 });
    report.onEvent({ type: 'endpoint-back', endpoint: B });
    report.onEvent({ type: 'response', id: 2, attempt: 1, status: 200, latencyMs: 5, usage, endpoint: B });
    report.onEvent({ type: 'response', id: 3, attempt: 1, status: 200, latencyMs: 5, usage, endpoint: A });
    assert.deepEqual(lines, [
      `Endpoint ${B} is out: Could not reach ${B} (connection refused) after 1 attempt. Its requests go to the other endpoints; it is tried again in 2 s.`,
      `Endpoint ${B} answers again and takes requests.`,
    ]);
    assert.equal(report.summary(), `Answered by endpoint: ${A} 2 · ${B} 1.`);
  });

  test('is silent for a single endpoint', () => {
    const report = new FleetReport(() => assert.fail('nothing to say'));
    report.onEvent({ type: 'response', id: 1, attempt: 1, status: 200, latencyMs: 5, usage: { inputTokens: 1, outputTokens: 1 } });
    assert.equal(report.summary(), undefined);
  });
});
