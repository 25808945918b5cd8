/**
 * Bounds a caller puts on one turn (`ursa -p --max-turns`, `--max-budget-usd`): past either,
 * the turn stops before its next model call and says which limit it reached.
 */
export interface TurnLimits {
  /** Model calls this turn may make. */
  readonly maxTurns?: number;
  /** Dollars this turn may spend (priced calls only); checked after each model call. */
  readonly maxBudgetUsd?: number;
}

export type TurnLimitKind = "max_turns" | "max_budget_usd";
