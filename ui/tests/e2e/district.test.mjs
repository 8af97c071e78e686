// "Connect to the district's server" on the real app: a plan kept on the district's Hocuspocus
// server (deploy/hocuspocus, one instance on loopback with its SQLite file and a tokens file)
// is opened from the start screen with its link and a token. A wrong token is one line on the
// start screen and opens nothing; the right one opens the plan, and an edit made in the app
// reaches the server (read back by `throughline sync` into a fresh copy).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { repo, startApp, screenshot } from "./harness.mjs";

const WAIT = { timeout: 30000 };
const TOKEN = "e2e-editor-token-0123456789abcdef";
const cli = path.join(repo, "target/debug/throughline");
const dir = mkdtempSync(path.join(tmpdir(), "throughline-district-"));
const published = path.join(dir, "published.throughline");
let server;
let serverLog = "";
let link;
let app;

function throughline(...args) {
  return execFileSync(cli, args, { env: { ...process.env, THROUGHLINE_AUTHOR: "District IT" }, timeout: 60000 }).toString();
}

function planId(file) {
  const read = "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select value from meta where key='plan_id'\").fetchone()[0])";
  return execFileSync("python3", ["-c", read, file]).toString().trim();
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function listening(port) {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the district server did not listen on ${port}: ${serverLog}`);
}

before(async () => {
  const port = await freePort();
  writeFileSync(path.join(dir, "tokens.txt"), `editor ${TOKEN}\n`);
  server = spawn("node", [path.join(repo, "deploy/hocuspocus/server.mjs")], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), ADDRESS: "127.0.0.1", DATABASE: path.join(dir, "district.sqlite"), TOKENS_FILE: path.join(dir, "tokens.txt") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.on("data", (d) => (serverLog += d));
  server.stderr.on("data", (d) => (serverLog += d));
  await listening(port);
  throughline("new", published, "--demo");
  link = `ws://127.0.0.1:${port}/${planId(published)}`;
  throughline("sync", published, link, "--protocol", "hocuspocus", "--token", TOKEN);
  app = await startApp({ author: "Ben Okafor" });
});

after(async () => {
  await app?.stop();
  server?.kill();
});

process.on("exit", (code) => {
  if (code !== 0 || process.exitCode) {
    console.error(`--- the app said:\n${(app?.log ?? []).join("").slice(-4000)}\n--- the server said:\n${serverLog.slice(-2000)}`);
  }
});

async function connect(b, token) {
  await b.$("#district-address").waitForExist(WAIT);
  await b.$("#district-address").setValue(link);
  await b.$("#district-token").setValue(token);
  await b.$('//form[.//input[@id="district-token"]]//button[text()="Connect"]').click();
}

test("a wrong token is one line on the start screen and opens nothing", async () => {
  const b = app.browser;
  await connect(b, "not-the-token");
  const alert = b.$('//*[@role="alert"][contains(., "refused the token")]');
  await alert.waitForExist({ ...WAIT, timeoutMsg: "the refusal is shown" });
  assert.equal((await alert.getText()).split("\n").length, 1);
  assert.equal(await b.$("nav.flow").isExisting(), false);
  await screenshot(b, "district-refused");
});

test("the right token opens the plan, and an edit made in the app reaches the server", async () => {
  const b = app.browser;
  await connect(b, TOKEN);
  await b.$("nav.flow").waitForExist(WAIT);
  await b.waitUntil(async () => (await b.execute(() => document.querySelector("header")?.textContent ?? "")).includes("Reading by Third"), { ...WAIT, timeoutMsg: "the demo plan's title shows" });
  await screenshot(b, "district-connected");

  // A new strategy typed in the app, read back from the server into a fresh copy.
  const strategy = "Every family hears from us monthly";
  await b.$('//nav//button[.//span[@class="step-label" and text()="Strategies"]]').click();
  await b.$("button=Add a strategy").click();
  await b.waitUntil(() => b.execute(() => document.activeElement?.closest("article.item-card") !== null), WAIT);
  // One key at a time: WebKit's driver drops a repeated key sent in one batch.
  for (const key of strategy) await b.keys(key);
  await b.waitUntil(async () => (await b.execute(() => document.querySelector("#section-main")?.textContent ?? "")).includes(strategy), { ...WAIT, timeoutMsg: "the strategy shows" });
  const fresh = path.join(dir, "fresh.throughline");
  let found = false;
  const deadline = Date.now() + 30000;
  while (!found && Date.now() < deadline) {
    execFileSync("rm", ["-f", fresh]);
    throughline("sync", fresh, link, "--protocol", "hocuspocus", "--token", TOKEN);
    found = throughline("show", fresh).includes(strategy);
    if (!found) await new Promise((r) => setTimeout(r, 500));
  }
  assert.ok(found, "the strategy typed in the app is on the district's server");
});
