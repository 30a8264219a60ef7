import type { RunProgress } from '../core/run/engine';
import { describeRequests } from '../core/run/requestCounts';

/** "42/175 rows (1 failed) · 126 requests (2 retries) · 40 from the cache · 12.3k tokens · 3.2 rows/s" */
export function formatProgress(progress: RunProgress, totalRows: number | undefined, elapsedMs: number): string {
  const rows = totalRows === undefined ? `${progress.rowsDone} rows` : `${progress.rowsDone}/${totalRows} rows`;
  const failed = progress.rowsFailed > 0 ? ` (${progress.rowsFailed} failed)` : '';
  const tokens = formatCount(progress.inputTokens + progress.outputTokens);
  const rate = elapsedMs > 0 ? ((progress.rowsDone * 1000) / elapsedMs).toFixed(1) : '0.0';
  return `${rows}${failed} · ${describeRequests(progress)} · ${tokens} tokens · ${rate} rows/s`;
}

export function formatCount(count: number): string {
  if (count >= 1_000_000) return `${(count / 1_000_000).toFixed(1)}M`;
  if (count >= 1_000) return `${(count / 1_000).toFixed(1)}k`;
  return String(count);
}

/**
 * Redraws one status line on a terminal; elsewhere (CI logs, pipes) prints a plain line at most
 * every `intervalMs`, so logs stay readable.
 */
export class ProgressReporter {
  private lastPrinted = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly intervalMs = 5_000,
  ) {}

  update(line: string): void {
    const now = Date.now();
    if (this.stream.isTTY) {
      if (now - this.lastPrinted < 100) return;
      this.stream.write(`\r\x1b[2K${line}`);
      this.drawn = true;
    } else {
      if (now - this.lastPrinted < this.intervalMs) return;
      this.stream.write(`${line}\n`);
    }
    this.lastPrinted = now;
  }

  /** A line of its own (a warning, an endpoint taken out), above the status line, which the next update redraws. */
  note(line: string): void {
    this.stream.write(this.drawn ? `\r\x1b[2K${line}\n` : `${line}\n`);
    this.drawn = false;
    this.lastPrinted = 0;
  }

  /** Ends the status line so the next output starts on a fresh line. */
  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
