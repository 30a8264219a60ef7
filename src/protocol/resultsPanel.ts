/**
 * Every message between the extension host and the results panel's webview, one typed shape
 * each, with the zod schema both sides validate it with on arrival (a webview is a separate
 * page: nothing it sends is trusted, and the host's messages are checked too, so a version
 * mismatch after an update fails loudly instead of rendering garbage).
 *
 * Shared by src/extension (Node) and src/webview (browser): imports nothing but zod.
 */
// zod/mini: the same schemas as zod's classic API in a twentieth of the bundle (the panel's page
// loads it, and its first paint is measured).
import * as z from 'zod/mini';

// ---- Shapes carried by the messages ------------------------------------------------------

/** How a row's task went: the engine's statuses, or 'failed' when a file records only a reason. */
const rowStatusSchema = z.enum(['ok', 'parse_error', 'llm_error', 'input_error', 'failed']);
export type PanelRowStatus = z.output<typeof rowStatusSchema>;

const decisionSchema = z.enum(['accepted', 'rejected']);
export type Decision = z.output<typeof decisionSchema>;

const rowStatsSchema = z.strictObject({
  inputTokens: z.number(),
  outputTokens: z.number(),
  requests: z.number(),
  latencyMs: z.number(),
});
export type RowStats = z.output<typeof rowStatsSchema>;

/** A row's columns (the metadata left out: details are asked for on demand) and its figures. */
const rowBodySchema = z.strictObject({
  values: z.record(z.string(), z.unknown()),
  stats: z.nullable(rowStatsSchema),
});
export type RowBody = z.output<typeof rowBodySchema>;

/**
 * One dataset row as the panel knows it. Every row's summary (what sorting, filters,
 * histograms and the choice of view read) reaches the page; its body only while it is on or
 * near the screen, so a million rows cost the page their summaries, not their texts.
 */
const panelRowSchema = z.strictObject({
  /** Stable for the row's content, so decisions survive a restart (see rowKeys.ts). */
  key: z.string().check(z.minLength(1)),
  /** 1-based line in the panel's file when known. */
  line: z.nullable(z.int().check(z.positive())),
  status: rowStatusSchema,
  error: z.nullable(z.string()),
  /** Score column id (see core/results/scoreCells.ts) -> the row's value there. */
  scores: z.record(z.string(), z.nullable(z.union([z.number(), z.string()]))),
  /** Whether the row holds an evolution track (the evolutions view is then the default). */
  track: z.boolean(),
  /** Null until the page asks for it (`requestBodies`), and again once it has scrolled far away. */
  body: z.nullable(rowBodySchema),
});
export type PanelRow = z.output<typeof panelRowSchema>;
/** A row whose body the page has: the only kind it can draw. */
export type LoadedRow = PanelRow & { body: RowBody };

export function hasBody(row: PanelRow): row is LoadedRow {
  return row.body !== null;
}

const panelSourceSchema = z.strictObject({
  /** The JSONL file whose rows the panel shows and writes back to. */
  uri: z.string().check(z.minLength(1)),
  /** Shown in the panel's title and toolbar, e.g. "EvolInstruct · data.jsonl". */
  label: z.string(),
});
export type PanelSource = z.output<typeof panelSourceSchema>;

const runStatusSchema = z.strictObject({
  task: z.string(),
  state: z.enum(['running', 'finished', 'cancelled']),
  rowsDone: z.int().check(z.nonnegative()),
  totalRows: z.int().check(z.nonnegative()),
});
export type RunStatus = z.output<typeof runStatusSchema>;

const chatMessageSchema = z.strictObject({ role: z.string(), content: z.string() });

/** One request sent for a row, as recorded in its metadata. */
const callDetailsSchema = z.strictObject({
  label: z.string(),
  model: z.nullable(z.string()),
  messages: z.array(chatMessageSchema),
  output: z.nullable(z.string()),
  inputTokens: z.nullable(z.number()),
  outputTokens: z.nullable(z.number()),
  latencyMs: z.nullable(z.number()),
});
export type CallDetails = z.output<typeof callDetailsSchema>;

/** What one step (one task run over the row) recorded: its calls, totals and failure reason. */
const stepDetailsSchema = z.strictObject({
  step: z.string(),
  /** The task the step name was made from, when recognisable (`evol_instruct_0` -> EvolInstruct). */
  task: z.nullable(z.string()),
  error: z.nullable(z.string()),
  stats: z.nullable(rowStatsSchema),
  calls: z.array(callDetailsSchema),
});
export type StepDetails = z.output<typeof stepDetailsSchema>;

const rowDetailsSchema = z.strictObject({ steps: z.array(stepDetailsSchema) });
export type RowDetails = z.output<typeof rowDetailsSchema>;

const viewModeSchema = z.enum(['evolutions', 'scores', 'table']);
export type ViewMode = z.output<typeof viewModeSchema>;

const writeTargetSchema = z.enum(['inPlace', 'newFile']);
export type WriteTarget = z.output<typeof writeTargetSchema>;

// ---- Host -> webview -----------------------------------------------------------------------

export const hostMessageSchema = z.discriminatedUnion('type', [
  /**
   * host -> webview: what the panel shows, sent in answer to `ready` (also after the page
   * reloads). A large file's rows come in chunks: the first with `init`, each of the others
   * when the page asks for it (`moreRows`) after drawing, so it draws its first screen at once
   * and stays responsive while the rest arrive.
   */
  z.strictObject({
    type: z.literal('init'),
    source: panelSourceSchema,
    rows: z.array(panelRowSchema),
    /** Rows still to come in `rowsChunk` messages; null while the file is still being read. */
    pendingRows: z.nullable(z.int().check(z.nonnegative())),
    /** Every column some row has, in first-seen order (the plain table's columns). */
    columns: z.array(z.string()),
    decisions: z.record(z.string(), decisionSchema),
    run: z.nullable(runStatusSchema),
  }),
  /** host -> webview: the next chunk of the rows `init` announced, in answer to `moreRows`. */
  z.strictObject({
    type: z.literal('rowsChunk'),
    rows: z.array(panelRowSchema),
    pendingRows: z.nullable(z.int().check(z.nonnegative())),
    columns: z.array(z.string()),
  }),
  /** host -> webview: the bodies of rows, in answer to `requestBodies` (a row gone meanwhile is left out). */
  z.strictObject({ type: z.literal('rowBodies'), bodies: z.array(z.strictObject({ key: z.string(), body: rowBodySchema })) }),
  /** host -> webview: rows that completed or were re-run (same key: replaced), and the columns now known. */
  z.strictObject({ type: z.literal('rowsUpserted'), rows: z.array(panelRowSchema), columns: z.array(z.string()) }),
  /** host -> webview: rows that left the file (rejected rows removed by a write in place). */
  z.strictObject({ type: z.literal('rowsRemoved'), keys: z.array(z.string()) }),
  /** host -> webview: the run filling the panel advanced or ended. */
  z.strictObject({ type: z.literal('runStatus'), run: runStatusSchema }),
  /** host -> webview: the metadata behind a row, in answer to `requestDetails`; null when it has none. */
  z.strictObject({ type: z.literal('details'), key: z.string(), details: z.nullable(rowDetailsSchema) }),
  /** host -> webview: decisions the host changed (a re-run clears its rows' decisions: they were about the old content). */
  z.strictObject({ type: z.literal('decisionsChanged'), changes: z.record(z.string(), z.nullable(decisionSchema)) }),
  /** host -> webview: a row's re-run started or ended. */
  z.strictObject({ type: z.literal('rowBusy'), key: z.string(), busy: z.boolean() }),
  /** host -> webview: the outcome of an action, for the status line. */
  z.strictObject({ type: z.literal('notice'), level: z.enum(['info', 'warning', 'error']), text: z.string() }),
  /** host -> webview: asks for a `stateReport` (tests and the exported API read the panel through it). */
  z.strictObject({ type: z.literal('reportState'), requestId: z.int() }),
]);
export type HostMessage = z.output<typeof hostMessageSchema>;

// ---- Webview -> host -----------------------------------------------------------------------

export const webviewMessageSchema = z.discriminatedUnion('type', [
  /** webview -> host: the page has loaded and listens; the host answers with `init`. */
  z.strictObject({ type: z.literal('ready') }),
  /** webview -> host: the page has drawn what it has; send the next `rowsChunk`. */
  z.strictObject({ type: z.literal('moreRows') }),
  /** webview -> host: send the bodies of these rows (they are on or near the screen). */
  z.strictObject({ type: z.literal('requestBodies'), keys: z.array(z.string()).check(z.minLength(1)) }),
  /** webview -> host: the user accepted, rejected or cleared rows (null clears). */
  z.strictObject({ type: z.literal('decide'), keys: z.array(z.string()).check(z.minLength(1)), decision: z.nullable(decisionSchema) }),
  /** webview -> host: send the metadata behind a row (prompts, raw outputs, tokens, latency). */
  z.strictObject({ type: z.literal('requestDetails'), key: z.string() }),
  /** webview -> host: run the row's task again with the same task and parameters. */
  z.strictObject({ type: z.literal('rerun'), key: z.string() }),
  /** webview -> host: write the decisions back, in place (one undoable edit) or to a new file. */
  z.strictObject({ type: z.literal('write'), target: writeTargetSchema }),
  /** webview -> host: show the row in its file. */
  z.strictObject({ type: z.literal('revealRow'), key: z.string() }),
  /** webview -> host: the panel's state, in answer to `reportState`. */
  z.strictObject({
    type: z.literal('stateReport'),
    requestId: z.int(),
    view: viewModeSchema,
    rowKeys: z.array(z.string()),
    visibleKeys: z.array(z.string()),
    decisions: z.record(z.string(), decisionSchema),
  }),
]);
export type WebviewMessage = z.output<typeof webviewMessageSchema>;

// ---- What the webview persists (vscode.setState), read back by the panel serializer --------

const sortSchema = z.strictObject({
  /** 'line', or a score column id (see core/results/scoreCells.ts). */
  column: z.string(),
  direction: z.enum(['asc', 'desc']),
});
export type SortOrder = z.output<typeof sortSchema>;

const rangeSchema = z.strictObject({ min: z.nullable(z.number()), max: z.nullable(z.number()) });
export type ScoreRange = z.output<typeof rangeSchema>;

const decisionFilterSchema = z.enum(['all', 'undecided', 'accepted', 'rejected', 'failed']);
export type DecisionFilter = z.output<typeof decisionFilterSchema>;

export const persistedStateSchema = z.object({
  version: z.literal(1),
  source: panelSourceSchema,
  decisions: z.record(z.string(), decisionSchema),
  view: z.nullable(viewModeSchema),
  sort: z.nullable(sortSchema),
  filters: z.record(z.string(), rangeSchema),
  decisionFilter: decisionFilterSchema,
  showRemoved: z.boolean(),
  focusKey: z.nullable(z.string()),
});
export type PersistedState = z.output<typeof persistedStateSchema>;

/** A message checked against `schema`, or the reason it was refused (one line). */
export function readMessage<S extends z.ZodMiniType>(schema: S, raw: unknown): { ok: true; message: z.output<S> } | { ok: false; reason: string } {
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, reason: z.prettifyError(parsed.error).replace(/\n+/g, ' ') };
}
