/** What a run sent, told apart honestly: attempts paid for, retries among them, and answers the cache gave for free. */
export interface RequestCounts {
  /** Requests sent to the endpoint, every retry counted, answered or not. */
  requests: number;
  /** Of those, the retries. */
  retries: number;
  /** Requests the request cache answered, sending nothing. */
  cacheHits: number;
}

/** Totals over several parts of a run, such as the steps of a pipeline. */
export function sumRequestCounts(parts: readonly RequestCounts[]): RequestCounts {
  return {
    requests: parts.reduce((total, part) => total + part.requests, 0),
    retries: parts.reduce((total, part) => total + part.retries, 0),
    cacheHits: parts.reduce((total, part) => total + part.cacheHits, 0),
  };
}

/** "1,200 requests (3 retries) · 30 from the cache": retries and the cache's part only when there are any. */
export function describeRequests({ requests, retries, cacheHits }: RequestCounts): string {
  const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  const sent = `${count(requests, 'request', 'requests')}${retries > 0 ? ` (${count(retries, 'retry', 'retries')})` : ''}`;
  return cacheHits > 0 ? `${sent} · ${count(cacheHits, 'from the cache', 'from the cache')}` : sent;
}
