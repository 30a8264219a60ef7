/**
 * The channel between steps: a FIFO of batches, bounded by the number of items it holds, with
 * one consumer and any number of producers. A producer's `push` waits while the queue is full,
 * so a fast step slows down to the pace of the slowest step reading it instead of filling memory
 * (backpressure). Items travel in batches, each one a step's `emit`, so a step that turns
 * thousands of rows a second pays for one hand-off a batch instead of one a row.
 */
export class BoundedQueue<T> implements AsyncIterable<readonly T[]> {
  private readonly batches: (readonly T[])[] = [];
  private size = 0;
  private openProducers: number;
  private abandoned = false;
  /** Producers waiting for room, and the consumer waiting for a batch; at most one each way per caller. */
  private readonly waitingForRoom: (() => void)[] = [];
  private waitingForItem: (() => void) | undefined;

  /** `capacity`: items held before producers wait; a batch larger than that still enters an empty queue. */
  constructor(
    private readonly capacity: number,
    producers = 1,
  ) {
    this.openProducers = producers;
  }

  /** Resolves once the batch is queued, or at once when the consumer has stopped reading (the batch is dropped). */
  async push(batch: readonly T[]): Promise<void> {
    if (batch.length === 0) return;
    while (!this.abandoned && this.size > 0 && this.size + batch.length > this.capacity) {
      await new Promise<void>((resolve) => this.waitingForRoom.push(resolve));
    }
    if (this.abandoned) return;
    this.batches.push(batch);
    this.size += batch.length;
    this.wakeConsumer();
  }

  /** One producer is done; the consumer sees the end once every producer is. */
  close(): void {
    this.openProducers = Math.max(0, this.openProducers - 1);
    this.wakeConsumer();
  }

  /** The consumer stops reading: queued items are dropped and no producer waits any longer. */
  abandon(): void {
    this.abandoned = true;
    this.batches.length = 0;
    this.size = 0;
    for (const wake of this.waitingForRoom.splice(0)) wake();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<readonly T[]> {
    try {
      for (;;) {
        const batch = this.batches.shift();
        if (batch) {
          this.size -= batch.length;
          // Every waiting producer checks again: the room freed may fit several small batches.
          for (const wake of this.waitingForRoom.splice(0)) wake();
          yield batch;
        } else if (this.openProducers === 0 || this.abandoned) {
          return;
        } else {
          await new Promise<void>((resolve) => (this.waitingForItem = resolve));
        }
      }
    } finally {
      // A consumer that stops early (cancelled, failed) must not leave its producers blocked.
      this.abandon();
    }
  }

  private wakeConsumer(): void {
    const wake = this.waitingForItem;
    this.waitingForItem = undefined;
    wake?.();
  }
}
