export { AjvSchemaValidator, createAjvSchemaValidator } from "./ajv-schema-validator.ts";
