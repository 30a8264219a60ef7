import * as z from 'zod';
import { col } from '../tasks/columns';
import { defineColumnStep } from './defineColumnStep';

export const conversationTemplate = defineColumnStep({
  kind: 'row',
  name: 'ConversationTemplate',
  description: 'Turn `instruction` and `response` into a two-message chat in `conversation`.',
  categories: ['format', 'chat', 'template'],
  params: z.strictObject({}),
  inputs: () => ({ instruction: col.string, response: col.string }),
  outputs: () => ({ conversation: col.chat }),
  process: (row) => ({
    row: {
      ...row,
      conversation: [
        { role: 'user', content: row.instruction },
        { role: 'assistant', content: row.response },
      ],
    },
  }),
});
