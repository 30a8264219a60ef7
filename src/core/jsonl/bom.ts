/** The UTF-8 byte order mark as it appears once decoded. */
export const BOM = '\uFEFF';

/** `content` without a leading byte order mark. */
export function withoutBom(content: string): string {
  return content.startsWith(BOM) ? content.slice(BOM.length) : content;
}
