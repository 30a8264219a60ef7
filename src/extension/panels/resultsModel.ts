/**
 * What a results panel holds on the host side: every row, grouped by the input row that
 * produced it, and the user's decisions. A row read from a file keeps only its summary and its
 * line: its value (metadata included, for details and writing back) is read from the file again
 * when asked for, so a 1 GB file is never held. The webview gets a lighter copy of each row
 * (`toPanelRow`), with its body only when it asks. Pure, unit-tested.
 */
import { parseJsonlLine, serializeRow, type JsonObject } from '../../core/jsonl';
import { METADATA_COLUMN } from '../../core/results/columnRoles';
import { summaryOf, type RowSummary } from '../../core/results/rowSummary';
import type { RowResult } from '../../core/run/rowRunner';
import type { Decision, PanelRow, PanelRowStatus, RowBody } from '../../protocol/resultsPanel';
import { recordedFailure, rowStatsOf } from './rowDetails';
import { rowKey } from './rowKeys';
import { lineAfterEdits, type WritePlan } from './writePlan';

/** The file rows were read from, to read a line again (0-based) as it was when read. */
export interface LineSource {
  line(line: number): string;
}

/** Where a row stands in the file it was read from: its text is read from there. */
interface StoredAt {
  source: LineSource;
  line: number;
}

export class ModelRow {
  private heldValue: JsonObject | undefined;
  private heldText: string | null | undefined;
  /** Where the row's text is read from when it holds none (two fields, not an object: a million rows). */
  private storedSource: LineSource | undefined;
  private storedLine = -1;
  /** The held text is the held value's line (not a re-run's value beside its old line). */
  private textIsValue: boolean;
  summary: RowSummary;

  constructor(
    readonly key: string,
    readonly group: ResultGroup,
    public status: PanelRowStatus,
    public error: string | null,
    held: { value: JsonObject; text: string | null } | { stored: StoredAt; summary: RowSummary },
  ) {
    if ('stored' in held) {
      this.storedSource = held.stored.source;
      this.storedLine = held.stored.line;
      this.summary = held.summary;
      this.textIsValue = true;
    } else {
      this.heldValue = held.value;
      this.heldText = held.text;
      this.summary = summaryOf(held.value);
      this.textIsValue = held.text !== null;
    }
  }

  /** The row's latest value: a re-run's, else what its line holds. */
  get value(): JsonObject {
    if (this.heldValue) return this.heldValue;
    const parsed = parseJsonlLine(this.writtenText as string, this.storedLine + 1);
    if (parsed.kind !== 'row') throw new Error(`line ${this.storedLine + 1} no longer holds a row`);
    return parsed.row.value;
  }

  set value(value: JsonObject) {
    this.heldValue = value;
    this.summary = summaryOf(value);
    this.textIsValue = false;
  }

  /** The row's line as it stands in the file, to find it again; null while it is not written. */
  get writtenText(): string | null {
    if (this.heldText !== undefined) return this.heldText;
    return (this.storedSource as LineSource).line(this.storedLine);
  }

  /** Whether the row holds its value in memory; false once it reads it back from its file. */
  get held(): boolean {
    return this.heldValue !== undefined;
  }

  /** The row was written as it is now. */
  markWritten(): void {
    this.heldText = serializeRow(this.value);
    this.textIsValue = true;
  }

  /**
   * The row's line `text` is now on disk at `line` of `source`: unless it was re-run since, the
   * row lets go of its value and text and reads them back from there. True when it did.
   */
  storeAt(source: LineSource, line: number, text: string): boolean {
    if (!this.textIsValue || this.heldText !== text) return false;
    this.storedSource = source;
    this.storedLine = line;
    this.heldValue = undefined;
    this.heldText = undefined;
    return true;
  }
}

/** The rows one input row gave (several with num_generations), written on consecutive lines. */
export interface ResultGroup {
  /** What a re-run sends to the task. */
  readonly input: JsonObject;
  /** 0-based line of the group's first written row when last seen; breaks ties between equal lines. */
  lineHint: number | null;
  rows: ModelRow[];
}

export class ResultsModel {
  private readonly byKey = new Map<string, ModelRow>();
  readonly groups: ResultGroup[] = [];
  readonly decisions = new Map<string, Decision>();

  private readonly columnNames = new Set<string>();

  /**
   * A row read from the panel's file (1-based `line`): its own group, re-run from itself. With
   * `source`, only its summary is kept and the rest is read from there when needed.
   */
  addFileRow(line: number, text: string, value: JsonObject, source?: LineSource): ModelRow {
    const failure = recordedFailure(value);
    const status = failure ? 'failed' : 'ok';
    // A stored row's group reads its input from the row, as the row's value does.
    const group: ResultGroup = source ? new OwnInputGroup(line - 1) : { input: value, lineHint: line - 1, rows: [] };
    const held = source ? { stored: { source, line: line - 1 }, summary: summaryOf(value) } : { value, text };
    const row = this.register(new ModelRow(this.keyFor(text), group, status, failure, held), value);
    group.rows.push(row);
    this.groups.push(group);
    return row;
  }

  /**
   * A finished row of a run. Its rows are (or will be) lines of the panel's file exactly as
   * serializeRow writes them (the sibling file, an edit in place, a pipeline's output), so they
   * can be found there later. A null `input`: the group's first row is its input.
   */
  addRunResult(result: RowResult, input: JsonObject | null): ModelRow[] {
    const lineHint = result.line !== undefined ? result.line - 1 : null;
    // Without an input of its own, the group re-runs from its row, read back once it is let go of.
    const group: ResultGroup = input ? { input, lineHint, rows: [] } : new OwnInputGroup(lineHint);
    for (const value of result.rows) {
      group.rows.push(this.newRow(group, value, result.status, result.error ?? null, serializeRow(value)));
    }
    this.groups.push(group);
    return group.rows;
  }

  /**
   * A re-run's result: its rows replace the group's position by position (each keeps its key
   * and its place in the file, and loses its decision, which was about the old content); extra
   * rows are added, not yet written.
   */
  replaceGroup(group: ResultGroup, result: RowResult): ModelRow[] {
    const changed: ModelRow[] = [];
    result.rows.forEach((value, index) => {
      const existing = group.rows[index];
      if (existing) {
        existing.value = value;
        existing.status = result.status;
        existing.error = result.error ?? null;
        this.decisions.delete(existing.key);
        changed.push(existing);
      } else {
        const added = this.newRow(group, value, result.status, result.error ?? null, null);
        group.rows.push(added);
        changed.push(added);
      }
    });
    return changed;
  }

  private newRow(group: ResultGroup, value: JsonObject, status: PanelRowStatus, error: string | null, writtenText: string | null): ModelRow {
    return this.register(new ModelRow(this.keyFor(writtenText ?? serializeRow(value)), group, status, error, { value, text: writtenText }), value);
  }

  private keyFor(text: string): string {
    return rowKey(text, (key) => this.byKey.has(key));
  }

  private register(row: ModelRow, value: JsonObject): ModelRow {
    this.byKey.set(row.key, row);
    for (const name of Object.keys(value)) if (name !== METADATA_COLUMN) this.columnNames.add(name);
    return row;
  }

  /** Every column some row has, in first-seen order. */
  columns(): string[] {
    return [...this.columnNames];
  }

  row(key: string): ModelRow | undefined {
    return this.byKey.get(key);
  }

  rows(): ModelRow[] {
    return this.groups.flatMap((group) => group.rows);
  }

  /** Records decisions for the rows that exist; null clears. */
  decide(keys: readonly string[], decision: Decision | null): void {
    for (const key of keys) {
      if (!this.byKey.has(key)) continue;
      if (decision) this.decisions.set(key, decision);
      else this.decisions.delete(key);
    }
  }

  /** Applies decisions saved before a restart to the rows that are still there. */
  restoreDecisions(saved: Readonly<Record<string, Decision>>): void {
    for (const [key, decision] of Object.entries(saved)) if (this.byKey.has(key)) this.decisions.set(key, decision);
  }

  removeRow(row: ModelRow): void {
    row.group.rows = row.group.rows.filter((member) => member !== row);
    if (row.group.rows.length === 0) this.groups.splice(this.groups.indexOf(row.group), 1);
    this.byKey.delete(row.key);
    this.decisions.delete(row.key);
  }

  /**
   * After the plan's edit was applied: accepted rows now stand in the file as they are, rejected
   * ones are gone, and every group's line moves with the lines added or removed above it.
   * Returns the keys of the removed rows.
   */
  recordWrite(plan: WritePlan): string[] {
    const located = new Map(plan.edits.map((edit) => [edit.group, edit.start]));
    for (const group of this.groups) {
      const start = located.get(group) ?? group.lineHint;
      if (start !== null) group.lineHint = lineAfterEdits(start, plan.edits);
    }
    for (const row of plan.accepted) row.markWritten();
    for (const row of plan.rejected) this.removeRow(row);
    return plan.rejected.map((row) => row.key);
  }

  decisionsRecord(): Record<string, Decision> {
    return Object.fromEntries(this.decisions);
  }

  /** 1-based line of a row in the file as far as the panel knows; null when unknown. */
  lineOf(row: ModelRow): number | null {
    const { lineHint } = row.group;
    if (lineHint === null || row.writtenText === null) return null;
    const position = row.group.rows.filter((member) => member.writtenText !== null).indexOf(row);
    return lineHint + position + 1;
  }

  /** The bodies of the rows of `keys` that are still there, for `rowBodies`. */
  bodies(keys: readonly string[]): { key: string; body: RowBody }[] {
    return keys.flatMap((key) => {
      const row = this.byKey.get(key);
      return row ? [{ key, body: bodyOf(row.value) }] : [];
    });
  }

  /** The webview's copy: the summary, and with `withBody` the columns without the metadata (details bring it on demand). */
  toPanelRow(row: ModelRow, withBody: boolean): PanelRow {
    const { scores, track } = row.summary;
    return { key: row.key, line: this.lineOf(row), status: row.status, error: row.error, scores, track, body: withBody ? bodyOf(row.value) : null };
  }
}

function bodyOf(value: JsonObject): RowBody {
  const { [METADATA_COLUMN]: _metadata, ...values } = value;
  return { values, stats: rowStatsOf(value) };
}

/** A group whose input is its first row (as the file holds it, for a row read from one). */
class OwnInputGroup implements ResultGroup {
  rows: ModelRow[] = [];

  constructor(public lineHint: number | null) {}

  get input(): JsonObject {
    return (this.rows[0] as ModelRow).value;
  }
}
