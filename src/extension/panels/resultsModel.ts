/**
 * What a results panel holds on the host side: every row with its full value (metadata
 * included, for details and writing back), grouped by the input row that produced it, and the
 * user's decisions. The webview gets a lighter copy of each row (`toPanelRow`). Pure, unit-tested.
 */
import { serializeRow, type JsonObject } from '../../core/jsonl';
import { METADATA_COLUMN } from '../../core/results/columnRoles';
import type { RowResult } from '../../core/run/rowRunner';
import type { Decision, PanelRow, PanelRowStatus } from '../../protocol/resultsPanel';
import { recordedFailure, rowStatsOf } from './rowDetails';
import { RowKeys } from './rowKeys';
import { lineAfterEdits, type WritePlan } from './writePlan';

export interface ModelRow {
  readonly key: string;
  value: JsonObject;
  status: PanelRowStatus;
  error: string | null;
  /** The row's line as it stands in the file, to find it again; null while it is not written. */
  writtenText: string | null;
  readonly group: ResultGroup;
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
  private readonly keys = new RowKeys();
  private readonly byKey = new Map<string, ModelRow>();
  readonly groups: ResultGroup[] = [];
  readonly decisions = new Map<string, Decision>();

  /** A row read from the panel's file (1-based `line`): its own group, re-run from itself. */
  addFileRow(line: number, text: string, value: JsonObject): ModelRow {
    const failure = recordedFailure(value);
    const group: ResultGroup = { input: value, lineHint: line - 1, rows: [] };
    const row = this.newRow(group, value, failure ? 'failed' : 'ok', failure, text);
    group.rows.push(row);
    this.groups.push(group);
    return row;
  }

  /**
   * A finished row of a run. `written` says whether its rows are (or will be) lines of the
   * panel's file, exactly as serializeRow writes them: true for the sibling file and for edits
   * in place, so the rows can be found there later.
   */
  addRunResult(result: RowResult, input: JsonObject): ModelRow[] {
    const group: ResultGroup = { input, lineHint: result.line !== undefined ? result.line - 1 : null, rows: [] };
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
    const row: ModelRow = { key: this.keys.next(writtenText ?? serializeRow(value)), value, status, error, writtenText, group };
    this.byKey.set(row.key, row);
    return row;
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
    for (const row of plan.accepted) row.writtenText = serializeRow(row.value);
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

  /** The webview's copy: the columns without the metadata, which details bring on demand. */
  toPanelRow(row: ModelRow): PanelRow {
    const { [METADATA_COLUMN]: _metadata, ...values } = row.value;
    return { key: row.key, line: this.lineOf(row), status: row.status, error: row.error, values, stats: rowStatsOf(row.value) };
  }
}
