/** Kept free of imports so `--help` and `--version` load nothing else. */
export const HELP = `ursa — a terminal AI coding agent

Usage:
  ursa                         open the dashboard
  ursa -p "<prompt>"           run one turn without the dashboard (headless)
  ursa "<prompt>"              the same
  echo "<prompt>" | ursa       the same, prompt from standard input (or -p -)
  ursa mcp <subcommand>        manage MCP servers: add, add-http, list, remove, import
                               (ursa mcp --help)
  ursa sync <subcommand>       sync sessions through your own libSQL server: setup, now, push,
                               pull, status, on, off, local, share, link, token (ursa sync --help)
  ursa sessions list           this project's sessions, synced ones included (ursa sessions --help)

Options:
  -p, --prompt <text>          the prompt for a headless turn ("-" reads standard input)
      --output-format <fmt>    text (default): the reply on stdout, progress on stderr
                               json: one JSON object at the end (session_id, response, model, usage, success)
                               stream-json: one engine event per line (see docs/events.md)
      --mode <mode>            plan (read-only), safe (ask before every change; default),
                               auto (changes inside the project run; destructive ones ask)
      --provider <name>        anthropic, openai, gemini, openrouter, groq, deepseek, mistral, xai,
                               together, fireworks, or a local server: ollama, lmstudio, llamacpp, vllm
      --model <id>             the model id (default: the provider's current model)
      --base-url <url>         another endpoint for the provider (a proxy or a local server)
  -r, --resume <id>            resume a session by id or unique id prefix
  -c, --continue               resume this project's most recent session
      --max-tokens <n>         the reply limit per request
      --thinking-budget <n>    enable extended thinking with this token budget
      --project-root <dir>     the project (default: the current directory)
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
model is told why. Exit codes: 0 success, 1 the turn failed, 2 bad usage, 130 interrupted.
`;
