import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLlmClientConfig, type FleetMember, type LlmClientConfig } from '../../../src/core/llm/config';
import { EndpointDownError } from '../../../src/core/llm/endpointBreaker';
import { createFleetClient, PROBE_FIRST_DELAY_MS } from '../../../src/core/llm/fleetClient';
import { LostConnectionError } from '../../../src/core/llm/lostConnection';
import { LlmError, type ChatResult, type LlmClient, type LlmEvent } from '../../../src/core/llm/types';
import { FakeClock, settle } from '../../support/fakeClock';

/** A request a scripted member holds until the test answers or fails it. */
interface Held {
  prompt: string;
  answer(): void;
  fail(error: Error): void;
}

/** Every client the fleet made for one base URL (a new one each time it comes back), and what they hold. */
interface ScriptedMember {
  clients: number;
  held: Held[];
  answered: string[];
}

function answerOf(prompt: string): ChatResult {
  return { outputs: [`${prompt}!`], model: 'm', usage: { inputTokens: 1, outputTokens: 1 }, latencyMs: 1, attempts: 1, structuredOutput: false, cached: false };
}

/** A fleet over scripted members that hold every request, a scripted probe and a fake clock. */
function scriptedFleet(members: { url: string; maxConcurrency: number }[]) {
  const clock = new FakeClock();
  const scripted = new Map<string, ScriptedMember>(members.map(({ url }) => [url, { clients: 0, held: [], answered: [] }]));
  const probes: string[] = [];
  const answering = new Set<string>();
  const events: LlmEvent[] = [];
  const config = parseLlmClientConfig({ model: 'm', baseUrls: members });
  const client = createFleetClient({ ...config, baseUrls: config.baseUrls as FleetMember[] }, (event) => events.push(event), {
    createMember: (memberConfig: LlmClientConfig) => {
      const member = scripted.get(memberConfig.baseUrl as string) as ScriptedMember;
      member.clients += 1;
      const memberClient: LlmClient = {
        model: 'm',
        complete: (request) =>
          new Promise((resolve, reject) => {
            const prompt = request.messages[0]?.content ?? '';
            member.held.push({
              prompt,
              answer: () => {
                member.answered.push(prompt);
                resolve(answerOf(prompt));
              },
              fail: reject,
            });
          }),
        embed: () => Promise.reject(new Error('not used')),
      };
      return memberClient;
    },
    probe: (memberConfig) => {
      const url = memberConfig.baseUrl as string;
      probes.push(url);
      return answering.has(url) ? Promise.resolve() : Promise.reject(new Error(`${url} refused the probe`));
    },
    clock,
  });
  const member = (url: string) => scripted.get(url) as ScriptedMember;
  /** Takes the oldest request `url` holds. */
  const take = (url: string): Held => {
    const held = member(url).held.shift();
    assert.ok(held, `${url} holds a request`);
    return held;
  };
  const ask = (prompt: string) => client.complete({ messages: [{ role: 'user', content: prompt }] });
  return { client, clock, member, take, ask, probes, answering, events };
}

const A = 'http://a.test/v1';
const B = 'http://b.test/v1';
const C = 'http://c.test/v1';

const lostConnection = (url: string) => new LostConnectionError(new LlmError(`Could not reach ${url} (connection refused) after 1 attempt.`, null, 1, true));

describe('createFleetClient', () => {
  it('sends each request to the member with the fewest in flight for its concurrency', async () => {
    const fleet = scriptedFleet([
      { url: A, maxConcurrency: 1 },
      { url: B, maxConcurrency: 3 },
    ]);
    assert.equal(fleet.client.maxConcurrency, 4);
    const results = Array.from({ length: 8 }, (_, i) => fleet.ask(`q${i}`));
    await settle();
    assert.equal(fleet.member(A).held.length, 2);
    assert.equal(fleet.member(B).held.length, 6);
    // A frees up first: the next request goes to it.
    fleet.take(A).answer();
    fleet.take(A).answer();
    await settle();
    const next = fleet.ask('q8');
    await settle();
    assert.deepEqual(fleet.member(A).held.map((held) => held.prompt), ['q8']);
    for (const held of [...fleet.member(A).held, ...fleet.member(B).held]) held.answer();
    const answers = await Promise.all([...results, next]);
    assert.deepEqual(answers.map((answer) => answer.outputs[0]), [...Array.from({ length: 8 }, (_, i) => `q${i}!`), 'q8!']);
  });

  it('takes a member out when its connection is lost and moves the request, counting the attempt made there', async () => {
    const fleet = scriptedFleet([
      { url: A, maxConcurrency: 2 },
      { url: B, maxConcurrency: 2 },
    ]);
    const first = fleet.ask('one');
    const second = fleet.ask('two');
    await settle();
    fleet.take(A).fail(lostConnection(A));
    await settle();
    assert.deepEqual(fleet.member(B).held.map((held) => held.prompt), ['two', 'one'], 'the failed request went to B');
    fleet.take(B).answer();
    fleet.take(B).answer();
    const moved = await first;
    assert.equal(moved.outputs[0], 'one!');
    assert.equal(moved.attempts, 2, 'the attempt at A is counted as sent');
    assert.equal((await second).attempts, 1);
    // No request goes to A while it is out.
    const third = fleet.ask('three');
    await settle();
    assert.equal(fleet.member(A).held.length, 0);
    fleet.take(B).answer();
    await third;
    assert.deepEqual(fleet.member(A).answered, []);
    assert.deepEqual(
      fleet.events.filter((event) => event.type === 'endpoint-out'),
      [{ type: 'endpoint-out', endpoint: 'http://a.test/v1', reason: `Could not reach ${A} (connection refused) after 1 attempt.`, probeInMs: PROBE_FIRST_DELAY_MS }],
    );
  });

  it('takes a member out when its breaker trips and moves every request it failed', async () => {
    const fleet = scriptedFleet([
      { url: A, maxConcurrency: 2 },
      { url: B, maxConcurrency: 2 },
    ]);
    const asked = ['one', 'two', 'three', 'four'].map((prompt) => fleet.ask(prompt));
    await settle();
    const down = new EndpointDownError(`${A} answered HTTP 503 after 5 attempts.`, 503, 5);
    fleet.take(A).fail(down);
    fleet.take(A).fail(down.withAttempts(0));
    await settle();
    assert.equal(fleet.member(B).held.length, 4);
    for (const held of [...fleet.member(B).held]) held.answer();
    const answers = await Promise.all(asked);
    assert.deepEqual(answers.map((answer) => answer.outputs[0]), ['one!', 'two!', 'three!', 'four!']);
    assert.deepEqual(answers.map((answer) => answer.attempts), [6, 1, 1, 1]);
    assert.deepEqual(fleet.member(B).answered.sort(), ['four', 'one', 'three', 'two'], 'each request answered once');
  });

  it('probes a member that is out with doubling waits on the clock, and sends to it again once it answers', async () => {
    const fleet = scriptedFleet([
      { url: A, maxConcurrency: 1 },
      { url: B, maxConcurrency: 1 },
    ]);
    const first = fleet.ask('one');
    await settle();
    fleet.take(A).fail(lostConnection(A));
    await settle();
    fleet.take(B).answer();
    await first;

    await fleet.clock.advance(PROBE_FIRST_DELAY_MS - 1);
    assert.deepEqual(fleet.probes, [], 'no probe before the first wait is over');
    await fleet.clock.advance(1);
    assert.deepEqual(fleet.probes, [A]);
    await fleet.clock.advance(2 * PROBE_FIRST_DELAY_MS - 1);
    assert.deepEqual(fleet.probes, [A], 'the wait doubled after the failed probe');
    fleet.answering.add(A);
    await fleet.clock.advance(1);
    assert.deepEqual(fleet.probes, [A, A]);
    assert.equal(fleet.member(A).clients, 2, 'a new client: a fresh pool, limiter and breaker');
    assert.deepEqual(
      fleet.events.filter((event) => event.type === 'endpoint-out' || event.type === 'endpoint-back').map((event) => [event.type, 'probeInMs' in event ? event.probeInMs : undefined]),
      [
        ['endpoint-out', PROBE_FIRST_DELAY_MS],
        ['endpoint-out', 2 * PROBE_FIRST_DELAY_MS],
        ['endpoint-back', undefined],
      ],
    );

    const again = [fleet.ask('two'), fleet.ask('three')];
    await settle();
    assert.equal(fleet.member(A).held.length, 1, 'A takes its share again');
    assert.equal(fleet.member(B).held.length, 1);
    fleet.take(A).answer();
    fleet.take(B).answer();
    await Promise.all(again);
  });

  it('is down only once every member is out: then every request fails with EndpointDownError and probing stops', async () => {
    const fleet = scriptedFleet([
      { url: A, maxConcurrency: 1 },
      { url: B, maxConcurrency: 1 },
      { url: C, maxConcurrency: 1 },
    ]);
    const asked = ['one', 'two', 'three'].map((prompt) => fleet.ask(prompt));
    await settle();
    fleet.take(A).fail(lostConnection(A));
    await settle();
    // A's request went to B, the first of the least loaded; then B loses both.
    fleet.take(B).fail(lostConnection(B));
    fleet.take(B).fail(lostConnection(B));
    await settle();
    assert.deepEqual(fleet.member(C).held.map((held) => held.prompt), ['three', 'two', 'one']);
    fleet.take(C).answer();
    assert.equal((await (asked[2] as Promise<ChatResult>)).outputs[0], 'three!', 'C still works');
    fleet.take(C).fail(lostConnection(C));
    fleet.take(C).fail(lostConnection(C));
    const outcomes = await Promise.all(asked.slice(0, 2).map((request) => request.catch((error: unknown) => error)));
    for (const outcome of outcomes) {
      assert.ok(outcome instanceof EndpointDownError, String(outcome));
      assert.match(outcome.message, /^Every endpoint serving m is out\. Could not reach http:\/\/a\.test\/v1 .* Could not reach http:\/\/b\.test\/v1 .* Could not reach http:\/\/c\.test\/v1 /);
    }
    assert.deepEqual(outcomes.map((outcome) => (outcome as EndpointDownError).attempts), [3, 2], 'every attempt sent is counted');
    const later = await fleet.ask('four').catch((error: unknown) => error);
    assert.ok(later instanceof EndpointDownError);
    assert.equal(later.attempts, 0, 'nothing was sent for it');
    await fleet.clock.advance(10 * 60_000);
    assert.deepEqual(fleet.probes, [], 'no member is probed once the fleet is down');
  });

  it("leaves a request's own failure and a cancellation with it, and the member in", async () => {
    const fleet = scriptedFleet([
      { url: A, maxConcurrency: 1 },
      { url: B, maxConcurrency: 1 },
    ]);
    const refused = fleet.ask('too long');
    await settle();
    fleet.take(A).fail(new LlmError(`${A} answered HTTP 400 (prompt too long) after 1 attempt.`, 400, 1, false));
    await assert.rejects(refused, (error: Error) => error instanceof LlmError && error.status === 400);
    const cancelled = fleet.ask('cancelled');
    await settle();
    const abort = new Error('The request was cancelled.');
    abort.name = 'AbortError';
    fleet.take(A).fail(abort);
    await assert.rejects(cancelled, { name: 'AbortError' });
    assert.equal(fleet.member(B).held.length, 0, 'neither went to another member');
    assert.equal(fleet.events.length, 0, 'A is still in');
  });
});
