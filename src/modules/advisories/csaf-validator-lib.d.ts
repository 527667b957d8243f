// Types for the parts of @secvisogram/csaf-validator-lib (plain JavaScript) that Vigil uses.

declare module "@secvisogram/csaf-validator-lib/cwe.js" {
  export const weaknesses: readonly { id: string; name: string }[];
}

declare module "@secvisogram/csaf-validator-lib/validateStrict.js" {
  interface Message {
    message: string;
    instancePath: string;
  }
  export interface CsafValidationResult {
    isValid: boolean;
    tests: {
      name: string;
      isValid: boolean;
      errors: Message[];
      warnings: Message[];
      infos: Message[];
    }[];
  }
  export default function validateStrict(
    tests: readonly unknown[],
    document: unknown,
  ): Promise<CsafValidationResult>;
}

declare module "@secvisogram/csaf-validator-lib/mandatoryTests.js" {
  const tests: Record<string, unknown>;
  export = tests;
}

declare module "@secvisogram/csaf-validator-lib/schemaTests.js" {
  export const csaf_2_0_strict: unknown;
  export const csaf_2_0: unknown;
}
