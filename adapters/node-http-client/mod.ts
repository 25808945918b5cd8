export { NodeHttpClient } from "./node-http-client.ts";
