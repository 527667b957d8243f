declare module "libmime" {
  /** Splits a structured header value (`text/plain; charset=utf-8`) into value and parameters. */
  export function parseHeaderValue(value: string): {
    value: string;
    params: Record<string, string>;
  };
  /** Decodes RFC 2047 encoded words. */
  export function decodeWords(value: string): string;
  const libmime: { parseHeaderValue: typeof parseHeaderValue; decodeWords: typeof decodeWords };
  export default libmime;
}
