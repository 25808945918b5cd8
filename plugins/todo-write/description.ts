export const TODO_WRITE_DESCRIPTION = `Keep a todo list for multi-step work; the user sees it live.
Send the COMPLETE list every time (it replaces the previous one). Each item has content, status
(pending | in_progress | completed) and priority (high | medium | low). Keep exactly one item
in_progress while working; mark items completed as soon as they are done. Skip it for trivial
one-step tasks. The user may edit the list too; you will be told when they do.`;
