/** Words YAML 1.2 core schema reads as something other than a string. */
const NON_STRING_PLAIN = /^(?:true|false|null|~|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.inf|\.nan)$/i;

/** A string as a YAML scalar: plain when that reads back as the same string, else double-quoted. */
export function yamlScalar(value: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/.test(value) && !NON_STRING_PLAIN.test(value);
  return plain ? value : JSON.stringify(value);
}
