/** The exit codes of `ursa -p` (and of Ursa's start before it knows which front end runs). */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
