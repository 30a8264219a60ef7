import { defineEvolInstructTask, evolInstructDeviations } from './evolInstruct';
import { defineEvolGeneratorTask, evolInstructGeneratorDeviations } from './evolInstructGenerator';
import { FRESH_START_TEMPLATE } from './evolInstructGeneratorTemplates';
import { IN_DEPTH_TEMPLATES } from './evolInstructTemplates';

/**
 * Deita's complexity evolution (arXiv 2312.15685): EvolInstruct's in-depth methods only, since
 * a breadth mutation changes the topic rather than making the instruction more complex.
 */
export const EVOL_COMPLEXITY_TEMPLATES: Readonly<Record<string, string>> = { ...IN_DEPTH_TEMPLATES };

/** EvolComplexityGenerator's default templates: a fresh start plus the four in-depth methods. */
export const EVOL_COMPLEXITY_GENERATION_TEMPLATES: Readonly<Record<string, string>> = {
  FRESH_START: FRESH_START_TEMPLATE,
  ...IN_DEPTH_TEMPLATES,
};

const seedDescription =
  '`seed` seeds the choice of nouns and mutations; the distilabel docs describe it as "the number of evolutions to be run" (ambiguity 3).';
const sameWording =
  'The in-depth templates (CONSTRAINTS, DEEPENING, CONCRETIZING, INCREASED_REASONING_STEPS) have the same wording as EvolInstruct\'s and there is no BREADTH: the seeds do not show the "slightly different" complexity prompts, and the upstream ones share EvolInstruct\'s text (ambiguity 28).';

export const evolComplexity = defineEvolInstructTask({
  name: 'EvolComplexity',
  description: 'Evolve instructions into more complex ones with Deita\'s in-depth mutations (constraints, deepening, concretizing, reasoning steps).',
  categories: ['evol', 'instruction', 'deita'],
  defaultTemplates: EVOL_COMPLEXITY_TEMPLATES,
  deviations: [
    ...evolInstructDeviations,
    'Parameters are EvolInstruct\'s (`num_evolutions`, `store_evolutions`, `generate_answers`, `include_original_instruction`, `mutation_templates`, `seed`); the `num_instructions`, `min_length` and `max_length` that the distilabel docs list for this task belong to EvolComplexityGenerator and do not exist here (ambiguity 4).',
    'Outputs switch exactly as EvolInstruct\'s: `evolved_instructions` and `answers` when `store_evolutions` is on, not only the `evolved_instruction` and `answer` the distilabel docs list (ambiguity 5).',
    seedDescription,
    sameWording,
  ],
});

export const evolComplexityGenerator = defineEvolGeneratorTask({
  name: 'EvolComplexityGenerator',
  description: 'Generate instructions from scratch: random nouns become a first request, made more complex with Deita\'s in-depth mutations until its length fits a window.',
  categories: ['evol', 'instruction', 'generation', 'deita'],
  defaultTemplates: EVOL_COMPLEXITY_GENERATION_TEMPLATES,
  deviations: [...evolInstructGeneratorDeviations, seedDescription, sameWording],
});
