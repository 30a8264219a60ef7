/** Event-driven waiting for tests: nothing here measures or waits on time. */

/** Wakes the waiters whose condition has come true; the owner calls `changed()` after every change they may wait for. */
export class ChangeNotifier {
  private waiters: { condition: () => boolean; resolve: () => void }[] = [];

  /** Resolves once `condition` holds: at once if it already does. */
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ condition, resolve }));
  }

  changed(): void {
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.condition()) return true;
      waiter.resolve();
      return false;
    });
  }
}

/** A promise the test resolves by hand, e.g. to decide when a held answer goes out. */
export class Gate {
  private release: () => void = () => {};
  readonly opened = new Promise<void>((resolve) => (this.release = resolve));

  open(): void {
    this.release();
  }
}
