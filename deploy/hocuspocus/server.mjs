// The district server for Throughline: Hocuspocus keeping each plan and its review in SQLite,
// joined to other instances through Redis when REDIS_URL is set, admitting people by token.
// Configuration is the environment (see README.md); nothing here needs editing.

import { Server } from "@hocuspocus/server";
import { SQLite } from "@hocuspocus/extension-sqlite";
import { Redis } from "@hocuspocus/extension-redis";
import { readTokens, access } from "./tokens.mjs";

const env = process.env;
const port = Number(env.PORT ?? 1234);
const address = env.ADDRESS ?? "0.0.0.0";
const database = env.DATABASE ?? "throughline.sqlite";
const tokensFile = env.TOKENS_FILE ?? "tokens.txt";

function fail(message) {
  console.error(`throughline-district: ${message}`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT=${env.PORT} is not a port`);

let tokens;
try {
  tokens = readTokens(tokensFile);
} catch (e) {
  fail(`${tokensFile}: ${e.message}`);
}

const extensions = [new SQLite({ database })];
if (env.REDIS_URL) {
  let redis;
  try {
    redis = new URL(env.REDIS_URL);
  } catch {
    fail(`REDIS_URL=${env.REDIS_URL} is not a URL (redis://HOST:PORT)`);
  }
  extensions.push(
    new Redis({
      host: redis.hostname,
      port: Number(redis.port || 6379),
      // Each instance names itself, so its own messages are not played back to it.
      identifier: env.INSTANCE ?? `${address}:${port}:${process.pid}`,
      prefix: env.REDIS_PREFIX ?? "throughline",
    }),
  );
}

const server = new Server({
  name: env.INSTANCE ?? null,
  port,
  address,
  quiet: true,
  extensions,
  // Throughline joins each document on a connection of its own, and needs no stateless
  // messages; the token alone decides what a connection may do.
  async onAuthenticate({ token, documentName, connectionConfig }) {
    const granted = access(tokens, token, documentName);
    if (granted.refused) {
      // The reason reaches the person's screen: say what is wrong, never which tokens exist.
      throw Object.assign(new Error(granted.refused), { reason: granted.refused });
    }
    connectionConfig.readOnly = granted.readOnly;
    return { role: granted.role };
  },
});

await server.listen();
// The line a supervisor (or a test) waits for, with the port actually bound (PORT=0 picks one).
console.log(`listening on ws://${address}:${server.address.port}`);
