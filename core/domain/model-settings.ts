/** Which model a session talks to and how. */
export interface ModelSettings {
  readonly model: string;
  readonly maxTokens: number;
  readonly contextWindow: number;
  readonly temperature?: number;
  readonly thinkingBudget?: number;
}
