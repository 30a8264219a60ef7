/**
 * What Distillery remembers per file between runs (in the workspace state, never in the file or
 * the settings): the parameters and input mappings last used for each task, the last task and
 * the output mode. Written against the shape of `vscode.Memento` so it is tested in plain node.
 */
import * as z from 'zod';
import { OUTPUT_MODES, type OutputMode } from './commandArgs';

export interface MementoLike {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

// The state may have been written by another version: read it through a schema, and fall back
// to nothing remembered rather than failing a command over a stale entry.
const fileStateSchema = z.object({
  params: z.record(z.string(), z.record(z.string(), z.unknown())).catch({}),
  mappings: z.record(z.string(), z.record(z.string(), z.string())).catch({}),
  output: z.enum(OUTPUT_MODES).optional().catch(undefined),
  lastTask: z.string().optional().catch(undefined),
  lastGenerator: z.string().optional().catch(undefined),
});

export type FileState = z.output<typeof fileStateSchema>;

const EMPTY: FileState = { params: {}, mappings: {} };

export class FileMemory {
  constructor(private readonly state: MementoLike) {}

  private key(fileUri: string): string {
    return `distillery.file:${fileUri}`;
  }

  get(fileUri: string): FileState {
    const parsed = fileStateSchema.safeParse(this.state.get(this.key(fileUri)) ?? EMPTY);
    return parsed.success ? parsed.data : { ...EMPTY };
  }

  async update(fileUri: string, change: (state: FileState) => FileState): Promise<void> {
    await this.state.update(this.key(fileUri), change(this.get(fileUri)));
  }

  params(fileUri: string, taskName: string): Record<string, unknown> | undefined {
    return this.get(fileUri).params[taskName];
  }

  mappings(fileUri: string, taskName: string): Record<string, string> {
    return this.get(fileUri).mappings[taskName] ?? {};
  }

  output(fileUri: string): OutputMode | undefined {
    return this.get(fileUri).output;
  }

  /** Records what a run used, so the next run on this file starts from it. */
  async rememberRun(
    fileUri: string,
    run: { taskName: string; params?: Record<string, unknown>; mappings?: Record<string, string>; output?: OutputMode; generator?: boolean },
  ): Promise<void> {
    await this.update(fileUri, (state) => ({
      ...state,
      params: run.params ? { ...state.params, [run.taskName]: run.params } : state.params,
      mappings: run.mappings ? { ...state.mappings, [run.taskName]: run.mappings } : state.mappings,
      ...(run.output ? { output: run.output } : {}),
      ...(run.generator ? { lastGenerator: run.taskName } : { lastTask: run.taskName }),
    }));
  }
}
