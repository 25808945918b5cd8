/** The summary instructions compaction sends (the 9-section prompt koda took from Claude Code). */
export const COMPACTION_PROMPT = `Your task is to create a detailed summary of the conversation so far, paying close attention to the user's explicit requests and your previous actions. This summary will replace the conversation history, so it must capture everything needed to continue the work without losing context.

Before the summary, wrap your analysis in <analysis> tags: go through the conversation chronologically and note each request, approach, decision, file, code change, error and fix.

Then write the summary inside <summary> tags with these sections:
1. Primary Request and Intent: all of the user's explicit requests and intents, in detail.
2. Key Technical Concepts: technologies, frameworks and concepts discussed.
3. Files and Code Sections: every file examined, created, modified or deleted, with why it matters and the important snippets.
4. Errors and Fixes: every error met and how it was fixed, including user feedback.
5. Problem Solving: problems solved and troubleshooting still under way.
6. All User Messages: every user message that is not a tool result, verbatim or nearly so.
7. Pending Tasks: every outstanding task; copy every TodoWrite item that is not completed VERBATIM with its status and priority.
8. Current Work: precisely what was being worked on immediately before this summary, with file names and snippets.
9. Optional Next Step: the next step in line with the most recent request, quoting the user where possible.

Respond with TEXT ONLY. Do not call any tools.`;

/** Keeps only the summary: drops the analysis scratchpad and unwraps <summary>. */
export function extractSummary(text: string): string {
  const withoutAnalysis = text.replace(/<analysis>[\s\S]*?<\/analysis>/g, "");
  const match = /<summary>([\s\S]*?)(<\/summary>|$)/.exec(withoutAnalysis);
  return (match ? match[1]! : withoutAnalysis).trim();
}
