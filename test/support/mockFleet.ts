/** Several independent mock endpoints, each on a port of its own, for tests of endpoint fleets. */
import { startMockOpenAi, type MockOpenAi, type MockOpenAiOptions } from './mockOpenAi';

export interface MockFleet {
  /** The endpoints, each with its own requests, faults, latency, files and batches. */
  readonly members: readonly MockOpenAi[];
  /** The members' base URLs, in member order. */
  readonly urls: readonly string[];
  /** How many chat requests each member has received, in member order: how the load was spread. */
  chatRequestCounts(): number[];
  /** Closes every member, those a test already closed mid-run included. */
  close(): Promise<void>;
}

/** `size` endpoints started with the same options; each picks a free port. */
export async function startMockFleet(size: number, options: Omit<MockOpenAiOptions, 'port'> = {}): Promise<MockFleet> {
  const members = await Promise.all(Array.from({ length: size }, () => startMockOpenAi(options)));
  return {
    members,
    urls: members.map((member) => member.url),
    chatRequestCounts: () => members.map((member) => member.requests.filter((request) => request.chatIndex !== undefined).length),
    close: async () => {
      await Promise.all(members.map((member) => member.close()));
    },
  };
}
