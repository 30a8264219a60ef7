import { readPipelineStructure } from './analysis';
import { slotAt, stepOfSlot } from './cursor';
import { scalarText } from './locate';
import type { TextPosition, TextRange } from './textRange';

/** Where the name under the cursor is defined: the step an `after` names, the `llms` entry an `llm` names. */
export function definitionInPipeline(text: string, position: TextPosition): TextRange | undefined {
  const structure = readPipelineStructure(text);
  const { source, model, graph } = structure;
  const slot = slotAt(structure, source.offsetAt(position));
  if (!slot || slot.role !== 'value' || !stepOfSlot(structure, slot)) return undefined;
  const name = scalarText(slot.node);
  if (name === undefined) return undefined;
  if (slot.path[2] === 'after') {
    const target = graph.byName.get(name)?.name?.node;
    return target ? source.rangeOf(target) : undefined;
  }
  if (slot.path[2] === 'llm') {
    const entry = model.llms.get(name);
    return entry ? source.rangeOf(entry) : undefined;
  }
  return undefined;
}
