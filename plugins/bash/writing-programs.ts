import { hasLong, hasShort, operands, optionValue } from "./args.ts";
import { worst, type Rule, type RuleContext, type ShellEffect } from "./rule.ts";

/**
 * Programs that write files named by their own options or operands: tar, curl, wget, scp,
 * rsync, sqlite3. Each file is judged and reported like a `>` target, so writing outside the
 * project asks even in auto mode (`tar czf ../outside/x.tgz .`, `curl -o ~/.bashrc …`).
 */

/** Every value of a repeatable option (`-o a -o b`, `--output=c`). */
function optionValues(texts: readonly string[], ...names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const value = optionValue(texts.slice(i, i + 2), ...names);
    if (texts[i] === "--") break;
    if (value !== undefined) out.push(value);
  }
  return out;
}

/** The last path segment of a URL, the name `curl -O` and `wget` save it under. */
function remoteName(url: string | undefined): string {
  const path = (url ?? "").replace(/[?#].*$/, "").replace(/^[a-z]+:\/\/[^/]*/i, "");
  return path.split("/").filter(Boolean).pop() ?? "index.html";
}

function writeAll(ctx: RuleContext, files: readonly string[]): ShellEffect {
  return worst("local_mutation", ...files.filter((f) => f !== "-").map((f) => ctx.write(f)));
}

/** tar's short options that take a value, in a cluster or in the old style (`tar czf x.tgz dir`). */
const TAR_VALUE_LETTERS = new Set(["f", "C", "b", "T", "X", "K", "N", "V", "g", "L", "H"]);
const TAR_LONG_VALUES = ["--file", "--directory", "--files-from", "--exclude-from", "--listed-incremental", "--blocking-factor", "--format", "--label", "--newer"];

/**
 * tar: creating (`c`, `r`, `u`, `A`) writes the archive `-f FILE`; extracting (`x`) writes into
 * `-C DIR` (or the working directory); listing (`t`) only reads.
 */
const tar: Rule = {
  args(ctx) {
    const letters: string[] = [];
    const values = new Map<string, string>();
    const longs: string[] = [];
    const texts = ctx.texts;
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i]!;
      const oldStyle = i === 0 && !t.startsWith("-") && /^[A-Za-z]+$/.test(t);
      if (t.startsWith("--")) {
        const [name, inline] = t.split(/=(.*)/s) as [string, string | undefined];
        longs.push(name);
        if (TAR_LONG_VALUES.includes(name)) values.set(name, inline ?? texts[++i] ?? "");
      } else if (oldStyle || (t.startsWith("-") && t.length > 1)) {
        const cluster = oldStyle ? t : t.slice(1);
        for (let j = 0; j < cluster.length; j++) {
          const c = cluster[j]!;
          letters.push(c);
          if (!TAR_VALUE_LETTERS.has(c)) continue;
          // Old style takes values from the next arguments in order; dash style from the rest of the cluster first.
          const rest = oldStyle ? "" : cluster.slice(j + 1);
          values.set(c, rest || (texts[++i] ?? ""));
          if (rest) break;
        }
      }
    }
    const has = (letter: string, long: string) => letters.includes(letter) || longs.includes(long);
    const archive = values.get("f") ?? values.get("--file");
    const directory = values.get("C") ?? values.get("--directory");
    // Members are read from (or extracted into) the -C directory.
    if (directory !== undefined) for (const member of texts.filter((t) => !t.startsWith("-") && ![...values.values()].includes(t) && t !== texts[0])) ctx.names(`${directory}/${member}`);
    if (has("c", "--create") || has("r", "--append") || has("u", "--update") || has("A", "--concatenate")) return writeAll(ctx, archive ? [archive] : []);
    if (has("x", "--extract") || longs.includes("--get")) return has("O", "--to-stdout") ? "read_only" : writeAll(ctx, [directory ?? "."]);
    return has("t", "--list") || has("d", "--diff") ? "read_only" : "local_mutation";
  },
};

const CURL_FILES = ["-o", "--output", "-D", "--dump-header", "-c", "--cookie-jar", "--trace", "--trace-ascii", "--stderr", "--etag-save", "--hsts", "--libcurl"];

/** curl: `-o FILE`, `-O` (the URL's name, in `--output-dir` or here), and the files its logging options write. */
const curl: Rule = {
  args(ctx) {
    const files = optionValues(ctx.texts, ...CURL_FILES);
    const dir = optionValue(ctx.texts, "--output-dir");
    if (hasShort(ctx.texts, "O") || hasLong(ctx.texts, "--remote-name", "--remote-name-all")) {
      const url = ctx.texts.find((t) => /^[a-z]+:\/\//i.test(t));
      files.push(dir ? `${dir}/${remoteName(url)}` : remoteName(url));
    } else if (dir) files.push(dir);
    return writeAll(ctx, files);
  },
};

/** wget: `-O FILE`, else the URL's name in `-P DIR` (or here); `-o`/`-a` write its log. */
const wget: Rule = {
  args(ctx) {
    const texts = ctx.texts;
    const logs = optionValues(texts, "-o", "--output-file", "-a", "--append-output");
    const document = optionValue(texts, "-O", "--output-document");
    if (document !== undefined) return writeAll(ctx, [document, ...logs]);
    const dir = optionValue(texts, "-P", "--directory-prefix");
    const urls = operands(texts, ["-P", "--directory-prefix", "-o", "-a", "-t", "--tries", "-T", "--timeout", "-U", "--user-agent", "-e", "--execute", "-i", "--input-file", "--header"]);
    const names = (urls.length > 0 ? urls : [""]).map((url) => (dir ? `${dir}/${remoteName(url)}` : remoteName(url)));
    // Recursive or mirror downloads write a tree under the directory.
    const recursive = hasShort(texts, "r") || hasShort(texts, "m") || hasLong(texts, "--recursive", "--mirror");
    return writeAll(ctx, [...(recursive ? [dir ?? "."] : names), ...logs]);
  },
};

/** `host:path`, `user@host:path`, `rsync://…`: a copy's remote end. A local path may hold a colon after a slash. */
const REMOTE = /^([^/:]+:|[a-z]+:\/\/)/i;

/** The destination of `scp`/`rsync` (the last operand) when it is on this machine. */
function localDestination(ctx: RuleContext, withValue: readonly string[]): ShellEffect {
  const files = operands(ctx.texts, withValue);
  const destination = files.length > 1 ? files[files.length - 1]! : undefined;
  return destination === undefined || REMOTE.test(destination) ? "local_mutation" : writeAll(ctx, [destination]);
}

const scp: Rule = { args: (ctx) => localDestination(ctx, ["-c", "-F", "-i", "-J", "-l", "-o", "-P", "-S", "-D", "-X"]) };

const RSYNC_VALUES = ["-e", "--rsh", "-f", "--filter", "--exclude", "--include", "--exclude-from", "--include-from", "--files-from", "-T", "--temp-dir", "--compare-dest", "--copy-dest", "--link-dest", "-B", "--block-size", "--port", "--password-file", "--log-file", "--backup-dir", "--suffix", "--chmod", "--chown"];

/** rsync: `--delete` removes files at the destination; a local destination is written. */
const rsync: Rule = {
  args(ctx) {
    if (ctx.texts.some((t) => t.startsWith("--delete") || t === "--remove-source-files")) return "destructive";
    if (hasShort(ctx.texts, "n") || hasLong(ctx.texts, "--dry-run")) return "read_only";
    return localDestination(ctx, RSYNC_VALUES);
  },
};

const SQLITE_VALUES = ["-cmd", "-separator", "-newline", "-nullvalue", "-init", "-vfs", "-maxsize", "-mmap", "-pagecache", "-lookaside", "-heap", "-escape"];

/** sqlite3 `[options] DATABASE [SQL]`: the database file may be changed by any statement. */
const sqlite3: Rule = {
  args(ctx) {
    const [database] = operands(ctx.texts, SQLITE_VALUES);
    if (database === undefined || database === ":memory:") return "local_mutation";
    return writeAll(ctx, [database]);
  },
};

export const WRITING_PROGRAM_RULES: ReadonlyArray<readonly [string, Rule]> = [
  ["tar", tar],
  ["gtar", tar],
  ["bsdtar", tar],
  ["curl", curl],
  ["wget", wget],
  ["scp", scp],
  ["rsync", rsync],
  ["sqlite3", sqlite3],
  ["sqlite", sqlite3],
];
