/**
 * Mock answers for the curation tasks' prompts (UltraFeedback, QualityScorer,
 * TextClassification, InstructionBacktranslation, PrometheusEval, Genstruct,
 * StructuredGeneration). Each value is a pure function of the prompt, so tests can compute
 * the expected columns: a text's rating or score is 1 + (its word count mod 5). ChatGeneration
 * and TextGeneration send the user's own text, which only the generic echo answers.
 */
import type { MockChatRequest, MockRule } from './types';

const words = (text: string): number => text.split(/\s+/).filter((word) => word !== '').length;
const firstWords = (text: string, count: number): string => text.split(/\s+/).filter((word) => word !== '').slice(0, count).join(' ');

/** The mock's score for a text: 1 to 5 from its word count. */
export const mockScore = (text: string): number => 1 + (words(text) % 5);

/** Whether the request asked for JSON, through response_format or in the prompt. */
const wantsJson = (request: MockChatRequest, phrase: string): boolean => request.schema !== undefined || request.content.includes(phrase);

/** The text between `start` and the next line that begins with `stop` (or the end). */
function section(content: string, start: string, stop: string): string | undefined {
  const at = content.indexOf(start);
  if (at < 0) return undefined;
  const body = content.slice(at + start.length);
  const end = body.indexOf(`\n${stop}`);
  return (end < 0 ? body : body.slice(0, end)).trim();
}

const ultraFeedback: MockRule = (request) => {
  const { content } = request;
  if (!content.includes('\n# Aspect\n') || !content.includes('\n# Texts\n<text 1>')) return undefined;
  const texts = [...content.matchAll(/<text (\d+)>\n([\s\S]*?)\n<\/text \1>/g)].map((match) => match[2] as string);
  const withTypes = content.includes('\n## Type\n');
  const ratings = texts.map(mockScore);
  const types = texts.map((text) => 1 + (words(text) % 3));
  const rationales = texts.map((text, index) => `Text ${index + 1} has ${words(text)} words.`);
  if (wantsJson(request, 'Answer with a JSON object')) {
    return JSON.stringify(
      withTypes
        ? { types, rationales: texts.map((_, i) => `Type ${types[i]} fits text ${i + 1}.`), ratings, 'rationales-for-ratings': rationales }
        : { ratings, rationales },
    );
  }
  return texts
    .map((_, index) => {
      const lines = [`#### Output for Text ${index + 1}`];
      if (withTypes) lines.push(`Type: ${types[index]}`, `Rationale: Type ${types[index]} fits text ${index + 1}.`);
      lines.push(`Rating: ${ratings[index]}`, `Rationale: ${rationales[index]}`);
      return lines.join('\n');
    })
    .join('\n\n');
};

const qualityScorer: MockRule = (request) => {
  const responsesPart = section(request.content, '\n# Responses\n', '\u0000');
  if (responsesPart === undefined || !request.content.includes('\n# Instruction\n')) return undefined;
  const responses: string[] = [];
  for (const line of responsesPart.split('\n')) {
    const match = /^\[(\d+)\] (.*)$/.exec(line);
    if (match && Number(match[1]) === responses.length + 1) responses.push(match[2] as string);
    else if (responses.length > 0) responses[responses.length - 1] += `\n${line}`;
  }
  const scores = responses.map(mockScore);
  if (wantsJson(request, '{"scores": [')) return JSON.stringify({ scores });
  return scores.map((score, index) => `[${index + 1}] Score: ${score}`).join('\n');
};

const textClassification: MockRule = (request) => {
  const { content } = request;
  if (!content.includes('\n## Answer format\n') || !content.includes('{"labels": ')) return undefined;
  const labels = [...content.matchAll(/^- "(.+?)"/gm)].map((match) => match[1] as string);
  const n = Number(/with up to (\d+) labels/.exec(content)?.[1] ?? 1);
  // The text is the body of the last "## " heading.
  const text = content.slice(content.lastIndexOf('\n## ') + 1).split('\n').slice(1).join('\n');
  const start = words(text) % Math.max(labels.length, 1);
  const chosen =
    labels.length > 0
      ? Array.from({ length: Math.min(n, labels.length) }, (_, i) => labels[(start + i) % labels.length] as string)
      : [`about-${firstWords(text, 1).toLowerCase().replace(/\W/g, '')}`];
  return JSON.stringify({ labels: n === 1 ? chosen[0] : chosen });
};

const instructionBacktranslation: MockRule = ({ content }) => {
  if (!content.includes('Reason: <your reasoning>\nScore: <a whole number from 1 to 5>')) return undefined;
  const answer = section(content, '\n# Answer\n', '\u0000') ?? '';
  return `Reason: The answer has ${words(answer)} words and addresses the instruction.\nScore: ${mockScore(answer)}`;
};

const prometheusEval: MockRule = ({ content }) => {
  if (!content.includes('\n### Score rubric\n') || !content.includes('[RESULT]')) return undefined;
  const single = section(content, '\n### Response\n', '\n### ');
  if (single !== undefined) return `Feedback: The response has ${words(single)} words and is judged by the rubric. [RESULT] ${mockScore(single)}`;
  const a = section(content, '\n### Response A\n', '\n### ') ?? '';
  const b = section(content, '\n### Response B\n', '\n### ') ?? '';
  return `Feedback: Response A has ${words(a)} words and Response B has ${words(b)} words. [RESULT] ${words(a) >= words(b) ? 'A' : 'B'}`;
};

const genstruct: MockRule = ({ content }) => {
  if (!content.startsWith('[[[Title]]] ') || !content.includes('\n[[[Assistant]]] ')) return undefined;
  const title = (content.split('\n')[0] as string).slice('[[[Title]]] '.length);
  const body = section(content, '[[[Content]]] ', '\nWrite one exchange') ?? '';
  return `[[[User]]] What does "${title}" say about ${firstWords(body, 3)}?\n[[[Assistant]]] According to "${title}": ${firstWords(body, 8)}`;
};

const STRUCTURED_MARKER = 'Answer with JSON only, matching this JSON schema:\n```json\n';

const structuredGeneration: MockRule = (request) => {
  const at = request.content.indexOf(STRUCTURED_MARKER);
  if (at < 0) return undefined;
  let schema = request.schema;
  if (!schema) {
    const text = request.content.slice(at + STRUCTURED_MARKER.length);
    try {
      schema = JSON.parse(text.slice(0, text.lastIndexOf('\n```'))) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return JSON.stringify(minimalInstance(schema, schema));
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The smallest value a schema accepts, for the mock's StructuredGeneration answers: required
 * properties only, `minItems` items, the first enum option or alternative, the lowest number.
 */
export function minimalInstance(schema: unknown, root: unknown, depth = 0): unknown {
  if (!isRecord(schema) || depth > 32) return null;
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), root);
    return minimalInstance(target, root, depth + 1);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (Array.isArray(alternatives)) return minimalInstance(alternatives[0], root, depth + 1);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? (isRecord(schema.properties) ? 'object' : 'null')];
  const type = types.find((candidate) => candidate !== 'null') ?? 'null';
  switch (type) {
    case 'object': {
      const properties = isRecord(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
      return Object.fromEntries(required.map((name) => [name, minimalInstance(properties[name], root, depth + 1)]));
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
      return Array.from({ length: count }, (_, index) => minimalInstance(index < prefix.length ? prefix[index] : schema.items, root, depth + 1));
    }
    case 'string': {
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const text = 'text'.padEnd(min, 'x');
      return typeof schema.maxLength === 'number' ? text.slice(0, schema.maxLength) : text;
    }
    case 'integer':
    case 'number':
      if (typeof schema.minimum === 'number') return schema.minimum;
      if (typeof schema.exclusiveMinimum === 'number') return Math.floor(schema.exclusiveMinimum) + 1;
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** Answers for the curation prompts; tried before the seed tasks' rules. */
export const curationRules: MockRule[] = [
  ultraFeedback,
  qualityScorer,
  textClassification,
  instructionBacktranslation,
  prometheusEval,
  genstruct,
  structuredGeneration,
];
