// Benchmark of the request path: CPU time the client and the engine spend per request, against
// the mock endpoint answering at once in a process of its own (so its CPU is not counted).
// TextGeneration on N rows (one request each) at concurrency 64, result rows written to a JSONL
// file as the CLI does, without and with distilabel_metadata, and no request cache (its own
// cost is in requestCache.bench.mjs). Also counts the sockets the client opened.
//
// Usage: node --import tsx bench/requestPath.bench.mjs [--requests 100000]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonlWriter } from '../src/core/jsonl/index.ts';
import { createOpenAiClient } from '../src/core/llm/index.ts';
import { runTask } from '../src/core/run/engine.ts';
import { findTask } from '../src/core/tasks/registry.ts';
import { writeBenchResults } from './benchResults.mjs';

const requestsArg = process.argv.indexOf('--requests');
const REQUESTS = requestsArg === -1 ? 100_000 : Number(process.argv[requestsArg + 1]);
const CONCURRENCY = 64;

/** The mock in a child process; resolves with its base URL and a way to stop it. */
function startMock() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/mock-openai-main.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /MOCK_OPENAI_URL=(\S+)/.exec(output);
      if (match) resolve({ url: match[1], stop: () => child.kill('SIGTERM'), child });
    });
    child.on('exit', (code) => reject(new Error(`the mock exited with ${code}`)));
  });
}

async function measure(url, includeMetadata) {
  const dir = mkdtempSync(join(tmpdir(), 'distillery-request-path-'));
  const writer = await openJsonlWriter(join(dir, 'out.jsonl'));
  const client = createOpenAiClient({ baseUrl: url, model: 'mock-model', maxConcurrency: CONCURRENCY, maxRetries: 0 });
  const task = findTask('TextGeneration').configure({});
  function* rows() {
    for (let index = 0; index < REQUESTS; index++) yield { index, value: { instruction: `Write one sentence about the number ${index}.` } };
  }
  const sockets = new Set();
  const onSocket = ({ socket }) => sockets.add(socket);
  const { default: diagnostics } = await import('node:diagnostics_channel');
  diagnostics.subscribe('net.client.socket', onSocket);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for await (const result of runTask({ task, client, rows: rows(), stepName: 'text_generation_0', includeMetadata, ordered: true })) {
    for (const row of result.rows) await writer.write(row);
  }
  await writer.close();
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - started;
  diagnostics.unsubscribe('net.client.socket', onSocket);
  rmSync(dir, { recursive: true });
  return { includeMetadata, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / REQUESTS, wallMs, sockets: sockets.size };
}

const mock = await startMock();
try {
  const results = [await measure(mock.url, false), await measure(mock.url, true)];
  console.log(`TextGeneration, ${REQUESTS.toLocaleString('en-US')} requests at concurrency ${CONCURRENCY}, instant mock endpoint in another process`);
  console.log('| metadata | CPU per request (client + engine + writing) | wall | requests/s | sockets opened |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(`| ${r.includeMetadata ? 'on' : 'off'} | ${r.cpuMsPerRequest.toFixed(3)} ms | ${(r.wallMs / 1000).toFixed(1)} s | ${Math.round(REQUESTS / (r.wallMs / 1000)).toLocaleString('en-US')} | ${r.sockets} |`);
  }
  writeBenchResults('requestPath', { requests: REQUESTS, concurrency: CONCURRENCY, results });
} finally {
  mock.stop();
}
