/** A request cache failure a user can act on: the message says what, where and what to do. */
export class RequestCacheError extends Error {
  constructor(
    message: string,
    /** The file or directory concerned. */
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RequestCacheError';
  }
}

/** The errno code of a failed fs call ('ENOENT', ...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** The message of anything thrown, for use inside a longer message. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
