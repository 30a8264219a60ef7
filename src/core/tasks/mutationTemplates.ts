import * as z from 'zod';

/**
 * A `mutation_templates` map: at least one entry, each template holding every placeholder the
 * task fills, so a custom template that forgot `<PROMPT>` is refused before any request is sent.
 */
export function mutationTemplatesSchema(placeholders: readonly string[]) {
  return z
    .record(z.string(), z.string())
    .refine((templates) => Object.keys(templates).length > 0, { message: 'needs at least one mutation template' })
    .superRefine((templates, context) => {
      for (const [name, template] of Object.entries(templates)) {
        for (const placeholder of placeholders) {
          if (!template.includes(placeholder)) {
            context.addIssue({ code: 'custom', path: [name], message: `template ${name} does not contain ${placeholder}` });
          }
        }
      }
    });
}
