/** How many rows failed for each reason, so a run can end with the most common few. */
export class FailureReasons {
  private readonly counts = new Map<string, number>();

  add(reason: string): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  get size(): number {
    return this.counts.size;
  }

  /** "  3 × HTTP 400: model not loaded", most common first; ties keep the order they were first seen. */
  mostCommon(limit = 3): string[] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([reason, count]) => `  ${count} × ${reason}`);
  }
}
