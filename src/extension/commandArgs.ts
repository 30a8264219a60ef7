/**
 * The arguments each command takes when run from a keybinding, a task or a test
 * (`vscode.commands.executeCommand(id, args)`): everything the quick picks would ask. Validated
 * with zod, since they come from outside. Pure, unit-tested.
 */
import * as z from 'zod';

export const OUTPUT_MODES = ['inPlace', 'siblingFile'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

const params = z.record(z.string(), z.unknown());
const inputMappings = z.record(z.string(), z.string().min(1));
const output = z.enum(OUTPUT_MODES);

/** Evolve Selected Rows: every field optional; what is left out comes from memory or settings. */
export const evolveArgsSchema = z.strictObject({
  params: params.optional(),
  inputMappings: inputMappings.optional(),
  output: output.optional(),
});

/**
 * Run Task on Selected Rows. With `task`, no task pick and no final step: the run starts at
 * once, and only a required parameter or an input column that cannot be found is asked for.
 */
export const runTaskArgsSchema = z.strictObject({
  task: z.string().min(1),
  params: params.optional(),
  inputMappings: inputMappings.optional(),
  output: output.optional(),
});

export const previewArgsSchema = z.strictObject({
  task: z.string().min(1),
  params: params.optional(),
  inputMappings: inputMappings.optional(),
});

/** Where Generate Rows puts its rows: a new untitled document, the end of the active JSONL document, or a file. */
export const generateTargetSchema = z.union([z.enum(['untitled', 'append']), z.strictObject({ path: z.string().min(1) })]);
export type GenerateTarget = z.output<typeof generateTargetSchema>;

export const generateArgsSchema = z.strictObject({
  task: z.string().min(1),
  rows: z.int().min(1).optional(),
  params: params.optional(),
  target: generateTargetSchema.optional(),
});

/** Set API Key: the key for the active profile ('' deletes it), or for a named profile. */
export const setApiKeyArgsSchema = z.union([
  z.string(),
  z.strictObject({ profile: z.string().min(1).optional(), key: z.string() }),
]);

export const testConnectionArgsSchema = z.strictObject({ profile: z.string().min(1).optional() });

export const selectProfileArgsSchema = z.string().min(1);

/**
 * The command's arguments checked against `schema`; undefined when none were given (the
 * command then asks). VS Code passes the editor's URI to commands run from a context menu,
 * which is not an argument a user gave, so it is ignored.
 */
export function parseCommandArgs<S extends z.ZodType>(commandTitle: string, schema: S, raw: unknown): z.output<S> | undefined {
  if (raw === undefined || raw === null || isUri(raw)) return undefined;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new Error(`${commandTitle} was given arguments it cannot use: ${z.prettifyError(parsed.error).replace(/\n+/g, ' ')}`);
}

function isUri(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'scheme' in value && 'path' in value && 'authority' in value;
}
