export const WEB_FETCH_DESCRIPTION = `Fetch a web page or file over http(s) and return its content. HTML is converted to markdown
(headings, lists, tables, links with their targets, code blocks; scripts, styles and markup removed) unless raw is true.
Only public addresses can be fetched: localhost, private networks and cloud metadata services are refused,
also when a redirect leads there. Redirects are followed (at most 5); the whole fetch times out after 15 s.
Long content is truncated with a note.`;
