import { createAjvSchemaValidator } from "../../adapters/ajv-schema-validator/mod.ts";

/** The schema validator the application uses, for tests that build a ToolRegistry by hand. */
export const SCHEMAS = await createAjvSchemaValidator();
