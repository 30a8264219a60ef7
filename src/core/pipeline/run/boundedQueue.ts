/**
 * The channel between steps: a FIFO of bounded size with one consumer and any number of
 * producers. A producer's `push` waits while the queue is full, so a fast step slows down to
 * the pace of the slowest step reading it instead of filling memory (backpressure).
 */
export class BoundedQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private openProducers: number;
  private abandoned = false;
  /** Producers waiting for room, and the consumer waiting for an item; at most one each way per caller. */
  private readonly waitingForRoom: (() => void)[] = [];
  private waitingForItem: (() => void) | undefined;

  constructor(
    private readonly capacity: number,
    producers = 1,
  ) {
    this.openProducers = producers;
  }

  /** Resolves once the item is queued, or at once when the consumer has stopped reading (the item is dropped). */
  async push(item: T): Promise<void> {
    while (!this.abandoned && this.items.length >= this.capacity) {
      await new Promise<void>((resolve) => this.waitingForRoom.push(resolve));
    }
    if (this.abandoned) return;
    this.items.push(item);
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
    this.items.length = 0;
    for (const wake of this.waitingForRoom.splice(0)) wake();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      for (;;) {
        if (this.items.length > 0) {
          const item = this.items.shift() as T;
          this.waitingForRoom.shift()?.();
          yield item;
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
