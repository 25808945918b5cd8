/** Ursa's default Gemini model (its own module: the start reads it without loading the adapter). */
export const DEFAULT_GEMINI_MODEL = "gemini-2.5-flash";
