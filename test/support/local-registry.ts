import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { join } from "node:path";

/** A tarball made by `npm pack`, with what npm printed about it. */
export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  readonly file: string;
  /** npm pack's sha512 SRI: what a registry publishes as dist.integrity. */
  readonly integrity: string;
  /** The package.json that was packed, for the packument. */
  readonly manifest: Record<string, unknown>;
}

/** Packs a fixture folder with the real `npm pack` into `into` (scripts not run). */
export function npmPack(dir: string, into: string): PackedPackage {
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", into], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const [info] = JSON.parse(out) as { name: string; version: string; filename: string; integrity: string }[];
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  return { name: info!.name, version: info!.version, file: join(into, info!.filename), integrity: info!.integrity, manifest };
}

export interface LocalRegistry {
  /** With a trailing slash, as npm_config_registry takes it. */
  readonly url: string;
  /** Serves these bytes for name@version's tarball from now on, while the packument keeps the honest integrity. */
  tamper(name: string, version: string, bytes: Uint8Array): void;
  /** Adds a version, as `npm publish` would; "latest" moves to it. */
  publish(p: PackedPackage): void;
  /** Every request's method, path and Authorization header, in order. */
  readonly requests: { method: string; path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/**
 * A small npm registry on 127.0.0.1: packuments (GET /<name>, scoped names as @scope%2fname)
 * and tarballs (GET /<name>/-/<file>.tgz) for the packages given, with dist.integrity and
 * dist.shasum as `npm publish` would record them. `token` makes it answer 401 without
 * "Authorization: Bearer <token>", like a private registry.
 */
export async function startLocalRegistry(initial: readonly PackedPackage[], options: { token?: string } = {}): Promise<LocalRegistry> {
  const packages = [...initial];
  const tarballs = new Map<string, Uint8Array>();
  const requests: LocalRegistry["requests"] = [];
  let base = "";
  const tarballPath = (p: PackedPackage) => `/${p.name}/-/${p.name.split("/").pop()}-${p.version}.tgz`;
  for (const p of packages) tarballs.set(tarballPath(p), readFileSync(p.file));
  const packument = (name: string) => {
    const versions = packages.filter((p) => p.name === name);
    if (versions.length === 0) return null;
    return {
      name,
      "dist-tags": { latest: versions.at(-1)!.version },
      versions: Object.fromEntries(versions.map((p) => {
        const shasum = createHash("sha1").update(readFileSync(p.file)).digest("hex");
        return [p.version, { ...p.manifest, dist: { tarball: `${base}${tarballPath(p).slice(1)}`, integrity: p.integrity, shasum } }];
      })),
    };
  };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    requests.push({ method: req.method ?? "GET", path, authorization: req.headers.authorization });
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "authentication required" }));
      return;
    }
    const tarball = tarballs.get(path);
    if (tarball) {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": tarball.byteLength }).end(tarball);
      return;
    }
    const doc = packument(path.slice(1));
    if (doc) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(doc));
    else res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("the local registry did not get a port");
  base = `http://127.0.0.1:${address.port}/`;
  return {
    url: base,
    requests,
    publish(p) {
      packages.push(p);
      tarballs.set(tarballPath(p), readFileSync(p.file));
    },
    tamper(name, version, bytes) {
      const p = packages.find((x) => x.name === name && x.version === version);
      if (!p) throw new Error(`the local registry has no ${name}@${version}`);
      tarballs.set(tarballPath(p), bytes);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
