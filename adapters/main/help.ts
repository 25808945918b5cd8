/** Kept free of imports so `--help` and `--version` load nothing else. */
export const HELP = `ursa — a terminal AI coding agent

Usage:
  ursa                         open the dashboard
  ursa -p "<prompt>"           run one turn without the dashboard (headless)
  ursa "<prompt>"              the same
  echo "<prompt>" | ursa       the same, prompt from standard input (or -p -)
  cat log | ursa -p "<prompt>"   piped text joins the prompt
  ursa -p /cost --continue     /cost, /compact and /help act instead of going to the model
  ursa sessions <subcommand>   list, show, export, import, delete stored sessions
                               (ursa sessions --help)
  ursa mcp <subcommand>        manage MCP servers: add, add-http, list, get, remove, import, approve
                               (ursa mcp --help)
  ursa plugin <subcommand>     install sandboxed plugins: add, info, list, update, remove,
                               enable, disable, verify, install --frozen (ursa plugin --help)
  ursa sync <subcommand>       sync sessions through your own libSQL server: setup, now, push,
                               pull, status, on, off, local, share, link, token (ursa sync --help)

Options:
  -p, --prompt <text>          the prompt for a headless turn ("-" reads standard input)
      --output-format <fmt>    text (default): the final answer on stdout, the rest on stderr
                               json: one result object at the end (type, subtype, is_error, result,
                               session_id, num_turns, total_cost_usd, usage, …; see docs/events.md)
                               stream-json: an init line, one engine event per line, the result object
      --mode <mode>            plan (read-only), safe (ask before every change; default),
                               auto (changes inside the project run; destructive ones ask);
                               also accepted: read-only (plan), confirm (safe), yolo or accept (auto)
      --provider <name>        anthropic, openai, gemini, openrouter, groq, deepseek, mistral, xai,
                               together, fireworks, or a local server: ollama, lmstudio, llamacpp, vllm
      --model <id>             the model id (default: the provider's current model)
      --base-url <url>         another endpoint for the provider (a proxy or a local server)
  -r, --resume [id]            resume a session by id or unique id prefix (no id: pick one)
  -c, --continue               resume this project's most recent session
      --max-turns <n>          stop a headless run after n model calls (error_max_turns, exit 1)
      --max-budget-usd <x>     stop a headless run once it has cost more than x dollars
      --allowedTools <rules>   run calls matching these rules without asking, e.g. "Bash(npm test:*)",
                               Read, "Edit(docs/**)", server__tool, server__* (comma or space separated)
      --disallowedTools <rules>  refuse calls matching these rules (deny beats allow)
      --system-prompt <text>   replace Ursa's system prompt for this run
      --append-system-prompt <text>  add to the end of the system prompt
      --mcp-config <file>      MCP servers from this file (.mcp.json format) for this run only
      --verbose                in a headless run, the debug log on stderr as well
      --max-tokens <n>         the reply limit per request
      --thinking-budget <n>    enable extended thinking with this token budget
      --project-root <dir>     the project (default: the repository the current directory is in,
                               else the current directory)
      --local-only             keep this session (and its sub-agents) off the sync server
  -v, --version                print the version
  -h, --help                   print this help

Environment:
  ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY, OPENROUTER_API_KEY, …   provider keys
                               (or keys.json, mode 600, in the data directory)
  ANTHROPIC_BASE_URL, OPENAI_BASE_URL, GEMINI_BASE_URL                    other endpoints
  URSA_PROVIDER, URSA_MODEL, URSA_MODE                   defaults for the flags above
  URSA_SYNC_URL, URSA_SYNC_TOKEN   the sync server and token (override ursa sync setup's)
  URSA_DEVICE_NAME             this machine's name for sync (default: the host name)
  URSA_HOME                    where Ursa stores its database and logs
                               (default: $XDG_DATA_HOME/ursa or ~/.local/share/ursa)

Headless runs never ask: actions the mode does not allow on its own are refused, and the
model is told why. A run that reaches the loop cap, --max-turns or --max-budget-usd fails.
Exit codes: 0 success, 1 the turn failed or stopped at a limit, 2 bad usage, 130 interrupted.
`;
