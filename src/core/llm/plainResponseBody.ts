import type { PlainResponse } from './httpPool';

// Decodes as `fetch`'s text() and json() do: invalid bytes replaced, a leading byte order mark dropped.
const utf8 = new TextDecoder();

/** The body as text, as the SDK reads it with `response.text()`. */
export function responseText(response: PlainResponse): string {
  return utf8.decode(response.body);
}

/**
 * The body of a successful response as the `openai` SDK hands it over (its defaultParseResponse):
 * null for a 204, parsed JSON for a JSON content type (undefined when its length is 0, a
 * SyntaxError when it does not parse), and the text otherwise.
 */
export function responseData(response: PlainResponse): unknown {
  if (response.status === 204) return null;
  const mediaType = headerText(response, 'content-type')?.split(';')[0]?.trim();
  if (mediaType?.includes('application/json') || mediaType?.endsWith('+json')) {
    if (headerText(response, 'content-length') === '0') return undefined;
    return JSON.parse(responseText(response));
  }
  return responseText(response);
}

/** A header as `fetch`'s Headers give it: repeated ones joined, and a decoded body's length gone. */
function headerText({ headers, decoded }: PlainResponse, name: 'content-type' | 'content-length'): string | undefined {
  if (decoded && name === 'content-length') return undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
