/** A command-line mistake: shown with the usage hint, exit code 2. One line per problem. */
export class UsageError extends Error {
  override name = 'UsageError';
}
