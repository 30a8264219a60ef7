/** Help text and exit codes: what a shell user reads first. */

export const EXIT = {
  ok: 0,
  /** The run finished, but some rows failed or some input lines could not be read; or --lines named no line of the input. */
  rowsFailed: 1,
  /** Bad arguments: unknown task or flag, invalid parameter. */
  usage: 2,
  /** Nothing could be done: unreadable input, output exists, endpoint settings invalid. */
  fatal: 3,
  /** The run stopped because the endpoint is unusable (refused key, unknown model, outage); rows not run are not written. */
  endpointDown: 4,
  /**
   * --batch (and batch export): requests wait for a batch; run the same command again to
   * collect them. 75 is EX_TEMPFAIL of sysexits.h: a temporary condition, worth a later retry.
   */
  batchPending: 75,
  /** Interrupted with Ctrl-C; rows finished before it are in the output. */
  interrupted: 130,
} as const;

export const USAGE = `Usage:
  distillery run-task <Task> --input FILE --out FILE --base-url URL --model NAME [options]
  distillery generate <Generator> --rows N --out FILE --base-url URL --model NAME [options]
  distillery run <file.pipeline.yaml> [--out-dir DIR] [--base-url URL] [--model NAME] [--force] [--quiet]
  distillery check <file.pipeline.yaml> [--format text|json] [--estimate [--prices FILE]]
  distillery tasks
  distillery cache stats|clear [--cache-dir DIR]
  distillery batch export --out FILE -- <run-task|generate|run command line>
  distillery batch import RESULTS.jsonl [--cache-dir DIR]
  distillery batch list|status [JOB]|cancel JOB [--cache-dir DIR]
  distillery --help | --version

run-task sends every row of a JSONL file through a task on an OpenAI-compatible endpoint and
writes the result rows to --out as they complete (one complete line at a time, so an
interrupted run keeps every finished row). generate runs a generator task (one that needs
no input rows, e.g. EvolInstructGenerator) to make N rows. run checks a pipeline file (nothing
is sent if it has problems, listed as file:line:column: code message) and runs its steps with
rows streaming between them; see docs/pipelines.md. check reports a pipeline's problems as
the editor does, one per line as file:line:column: code message, and exits 1 when one is an
error (0 with warnings only, 2 when the file cannot be read). With --estimate it then prints,
for every task step whose rows are known before running (a generator, or a file loaded into
it), what --dry-run prints: requests, tokens, cost range and what the cache holds.

Every answer is kept in a request cache (.distillery/cache in the working directory, or
--cache-dir, or DISTILLERY_CACHE_DIR) the moment it arrives, keyed by endpoint, model, the
exact messages and generation parameters: rerunning a command after a crash, Ctrl-C or a
failing endpoint sends only the requests never answered, and writes the same rows. cache
stats says what it holds; cache clear empties it.

--batch (run-task, generate, run) sends nothing online: the requests the cache lacks go to the
endpoint's batch API as one batch (OpenAI's: half the price, done within 24 hours), the job is
recorded next to the cache, and the command exits 75. Run the same command again: once the batch
is done its answers go into the cache, and the run goes on (the next round's batch, or the output
once nothing is pending). batch export writes those requests as a batch input file instead,
for an offline engine such as vLLM's run_batch, and batch import loads its output file into the
cache. batch list shows the recorded jobs, batch status asks the endpoint how far they are,
batch cancel stops one.

Options:
  --input FILE          run-task: JSONL file to read
  --lines A-B           run-task: only lines A to B (1-based, inclusive), e.g. --lines 3-40;
                        lines past the end of the file are skipped with a warning, and a
                        range wholly past it sends and writes nothing and exits 1
  --rows N              generate: how many rows to make
  --param KEY=VALUE     a task parameter, repeatable; VALUE is read as JSON when it parses
                        (3, true, ["a"]) and as a string otherwise
  --input-mapping TASK_INPUT=COLUMN    read a task input from another column, repeatable
  --output-mapping TASK_OUTPUT=COLUMN  write a task output under another name, repeatable
  --out FILE            where to write result rows; its folder is made when missing
                        (refused if it exists, unless --resume or --force)
  --resume              continue an --out left by an interrupted run of the same command:
                        keep its rows, append the others (input order only)
  --force               rewrite --out (answers in the cache are reused, not paid again)
  --cache-dir DIR       the request cache to use (default .distillery/cache)
  --no-cache            neither read nor write the request cache
  --dry-run             send nothing, write nothing: print the requests, prompt tokens
                        (exact for known OpenAI models, else estimated), output tokens
                        bounded by max_tokens, the cost range and what the cache holds
  --prices FILE         model prices over the known-models table, as JSON:
                        {"MODEL": {"inputPerMillionTokens": 0.15, "outputPerMillionTokens": 0.6}}
  --refresh             send every request again and overwrite its cached answer
  --batch               send the requests the cache lacks as a batch job (above); exits 75
                        until every answer is in, then writes the output
  --batch-fallback online   send requests a batch failed online at once, instead of in the
                        next batch (the default, --batch-fallback batch)
  --base-url URL        endpoint base URL, e.g. http://localhost:11434/v1; repeat it for a
                        fleet of endpoints serving the same model: each request goes to the
                        least loaded one, and one that fails is taken out and its requests
                        go to the others
  --model NAME          model name
  --api-key-env VAR     environment variable holding the API key (default OPENAI_API_KEY)
  --concurrency N       requests in flight at once (default 8); with several --base-url, at
                        each endpoint, or given once after each --base-url for its own
  --rpm N, --tpm N      requests / tokens per minute limits
  --timeout SECONDS     per-request time limit (default 120)
  --retries N           retries on 429, 5xx and network errors (default 4)
  --context-tokens N    the model's context window: a longer prompt fails its row unsent
                        (default: the known-models table, else 1,000,000)
  --temperature T, --max-tokens N   generation parameters
  --unordered           write rows in completion order instead of input order
  --no-metadata         leave out distilabel_metadata (prompts, raw outputs, token counts)
  --quiet               no progress line

run options:
  --out-dir DIR         write the output and steps/<step>.jsonl here (made when missing)
                        instead of the folder of the pipeline's output (or
                        out/<pipeline name>/ next to the file)
  --base-url URL        send every llms entry's requests to this endpoint instead (repeat
                        it for a fleet, each endpoint at the entry's max_concurrency)
  --model NAME          use this model for every llms entry
  --force               overwrite the files of an earlier run
  --no-step-files       write the output alone, not steps/<step>.jsonl for every step
  --prices FILE         as above: the closing summary prices each llms entry's tokens
  --no-metadata, --quiet, --batch, --batch-fallback   as above

Exit codes: 0 all rows done; 1 done, but some rows failed or input lines were invalid (or no
line of --lines is in the input); 2 bad arguments or an invalid pipeline; 3 could not start
(a file that cannot be read or written, an existing output); 4 stopped because the endpoint
is unusable (at the first 401, 403 or 404, or once requests across rows keep failing with
connection errors, timeouts or 5xx: rows not run are not written, and rerunning with --resume,
or --force for run, continues from the cache once the endpoint works); 130 interrupted
(finished rows are kept); 75 requests wait for a batch (--batch, batch export): run the same
command again later. A run with failed rows ends with their most common reasons.`;
