export { NodeProcessRunner } from "./node-process-runner.ts";
