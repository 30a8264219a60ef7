/**
 * Response-rewriting prompts for EvolQuality, written for this project after the "evol
 * quality" step of Deita (arXiv 2312.15685): the prompt stays fixed and the response is
 * rewritten to be more helpful, relevant, deep, creative or detailed. `<PROMPT>` takes the
 * instruction and `<RESPONSE>` the latest response.
 */

function rewriteTemplate(method: string): string {
  return [
    'You rewrite responses. Below is a prompt and the response an AI assistant gave to it.',
    'Rewrite the response so that it is better.',
    'Keep everything in the prompt and the response that is not plain prose, such as tables,',
    'code and data.',
    '',
    `How to make it better: ${method}`,
    '',
    'The rewritten response may be at most 10 to 20 words longer than the original. Do not refer to',
    'the "given response" or the "rewritten response" in what you write.',
    '',
    '#Given Prompt#:',
    '<PROMPT>',
    '',
    '#Given Response#:',
    '<RESPONSE>',
    '',
    '#Rewritten Response#:',
    '',
  ].join('\n');
}

export const EVOL_QUALITY_TEMPLATES: Readonly<Record<string, string>> = {
  HELPFULNESS: rewriteTemplate('make it more helpful to the person who asked.'),
  RELEVANCE: rewriteTemplate('make it keep more closely to what the prompt asks.'),
  DEEPENING: rewriteTemplate('make it go deeper into the subject.'),
  CREATIVITY: rewriteTemplate('make it more creative.'),
  DETAILS: rewriteTemplate('give it more useful detail.'),
};
