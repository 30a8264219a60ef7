import { EVOL_INSTRUCT_TEMPLATES } from './evolInstructTemplates';

/**
 * The request that starts an instruction from nothing: `<PROMPT>` becomes one to four random
 * nouns joined by ", ". Written for this project; the generator tracks whether a slot is at a
 * fresh start itself, so this wording can be changed freely.
 */
export const FRESH_START_TEMPLATE = 'Compose one question or request of your own that uses at least one of these words: <PROMPT>';

/** EvolInstructGenerator's default templates: a fresh start plus EvolInstruct's five mutations. */
export const EVOL_INSTRUCT_GENERATION_TEMPLATES: Readonly<Record<string, string>> = {
  FRESH_START: FRESH_START_TEMPLATE,
  ...EVOL_INSTRUCT_TEMPLATES,
};
