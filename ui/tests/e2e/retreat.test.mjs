// Export and retreat mode end to end in the real app: a plan from a template is exported to
// Word through the export dialog, then hosted for the room; a real Yjs peer (yjs + y-websocket,
// crates/session/tests/js/peer.mjs) joins with the editor's link over loopback, and text typed
// on either side shows up on the other.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { URL } from "node:url";
import { repo, startApp, screenshot } from "./harness.mjs";

const WAIT = { timeout: 20000 };
let app;
let b;
let peer;

before(async () => {
  app = await startApp();
  b = app.browser;
});

after(async () => {
  await peer?.quit();
  await app?.stop();
});

/** A real Yjs peer over y-websocket, answering one JSON line per command. */
function startPeer(server, room, code, ca) {
  const peerScript = path.join(repo, "crates/session/tests/js/peer.mjs");
  // A stock client trusts exactly the host's certificate (the PEM the app keeps beside its
  // preferences), as `throughline serve`'s `certificate:` line tells Node clients to.
  const env = { ...process.env, THROUGHLINE_CA: ca };
  const child = spawn("node", [peerScript, server, room, code], { stdio: ["pipe", "pipe", "inherit"], env });
  const lines = readline.createInterface({ input: child.stdout });
  const waiting = [];
  lines.on("line", (line) => waiting.shift()?.(JSON.parse(line)));
  const ask = (cmd) =>
    new Promise((resolve) => {
      waiting.push(resolve);
      child.stdin.write(`${JSON.stringify(cmd)}\n`);
    });
  const quit = async () => {
    if (child.exitCode !== null) return;
    child.stdin.write(`${JSON.stringify({ cmd: "quit" })}\n`);
    await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
  };
  return { ask, quit };
}

test("a plan is created from a template", async () => {
  await b.$("#new-title").waitForExist(WAIT);
  await b.$("#template-dsdp").click();
  await b.$("#new-title").setValue("Riverside Redesign");
  await b.$("#new-district").setValue("Riverside Unified");
  await b.$("#new-file").setValue("riverside");
  await b.$("button=Create the plan").click();
  await b.$("nav.flow").waitForExist(WAIT);
});

test("the export dialog saves a Word document where it says", async () => {
  await b.$("button=Export").click();
  await b.$("dialog.export-dialog").waitForExist(WAIT);
  await b.$('input[name="export-format"][value="Docx"]').click();
  const pathField = b.$("#export-path");
  await b.waitUntil(async () => (await pathField.getValue()).endsWith(".docx"), {
    ...WAIT,
    timeoutMsg: "the suggested file name follows the format",
  });
  const suggested = await pathField.getValue();
  assert.equal(suggested, path.join(app.home, "Throughline", "riverside-redesign.docx"), "in the plans folder, named from the title");
  await b.$("#export-findings").click();
  await b.$('//dialog//button[text()="Export"]').click();
  const done = b.$(".export-progress .success");
  await done.waitForExist(WAIT);
  assert.match(await done.getText(), /^Saved \d+ KB to /);
  assert.ok(existsSync(suggested), `${suggested} was written`);
  const bytes = readFileSync(suggested);
  assert.equal(bytes.subarray(0, 2).toString("latin1"), "PK", "a DOCX is a zip");
  await screenshot(b, "retreat-01-export-dialog");
  await b.$('//dialog//button[text()="Close"]').click();
  await b.$("dialog.export-dialog").waitForExist({ ...WAIT, reverse: true });
});

test("hosting shows three codes and the address; a Yjs peer with the editor's link syncs both ways", async () => {
  await b.$("button=Host this plan for the room").click();
  await b.$("dialog.room-dialog").waitForExist(WAIT);
  const codes = await b.execute(() =>
    [...document.querySelectorAll(".join-code")].map((c) => [c.dataset.role, c.querySelector(".join-code-value")?.textContent]),
  );
  assert.deepEqual(
    codes.map(([role]) => role),
    ["editor", "reviewer", "viewer"],
  );
  for (const [, code] of codes) assert.match(code, /^\d{4}-\d{4}$/);
  const address = await b.$(".host-address-value").getText();
  assert.match(address, /:\d+$/);
  await b.$(".session-badge").waitForExist(WAIT);
  await screenshot(b, "retreat-02-host-panel");

  // The peer stays on loopback: the port is the host's, the room and code are the editor's link's.
  const link = await b.execute(() => document.querySelector('.join-code[data-role="editor"] .join-link')?.textContent ?? "");
  assert.match(link, /^wss:\/\//, "the host serves wss:// by default");
  const url = new URL(link.replace(/^wss:/, "https:"));
  const port = address.slice(address.lastIndexOf(":") + 1);
  const ca = path.join(app.home, ".local/share/throughline/retreat-certificate.pem");
  peer = startPeer(`wss://127.0.0.1:${port}`, url.pathname.slice(1), url.searchParams.get("code"), ca);
  assert.deepEqual(await peer.ask({ cmd: "wait_synced", timeout_ms: 20000 }), { ok: true });

  await b.$('//dialog//button[text()="Close"]').click();
  await b.$("dialog.room-dialog").waitForExist({ ...WAIT, reverse: true });
  await b.$('//nav//button[.//span[@class="step-label" and text()="Vision"]]').click();
  await b.$("h1#section-title=Vision").waitForExist(WAIT);
  const editor = b.$('[id="place-vision--statement"]');
  await editor.waitForExist(WAIT);
  await editor.click();
  await editor.addValue("Typed in the app.");
  const arrived = await peer.ask({ cmd: "wait_contains", map: "vision", key: "statement", text: "Typed in the app.", timeout_ms: 20000 });
  assert.equal(arrived.ok, true, `the peer sees the app's typing: ${JSON.stringify(arrived)}`);

  assert.equal((await peer.ask({ cmd: "insert", map: "vision", key: "statement", index: 0, text: "From the peer. " })).ok, true);
  await b.waitUntil(async () => (await editor.getText()) === "From the peer. Typed in the app.", {
    ...WAIT,
    timeoutMsg: `the app shows the peer's typing; it shows ${JSON.stringify(await editor.getText())}`,
  });
});

test("stopping hosting keeps the plan open alone", async () => {
  await b.$(".session-badge").click();
  await b.$("dialog.room-dialog").waitForExist(WAIT);
  await b.$("button=Stop hosting").click();
  await b.$(".session-badge").waitForExist({ ...WAIT, reverse: true }).catch(async (e) => {
    await screenshot(b, "retreat-debug-stop");
    throw e;
  });
  await b.$("button=Host this plan for the room").waitForExist(WAIT);
  assert.equal(await b.$('[id="place-vision--statement"]').getText(), "From the peer. Typed in the app.");
});

test("joining an address where no host answers says so and opens nothing", async () => {
  await b.$("button=Close plan").click();
  await b.$("#join-address").waitForExist(WAIT);
  await b.$("#join-address").setValue("127.0.0.1:1");
  await b.$("#join-code").setValue("1234-5678");
  await b.$('//form//button[text()="Join"]').click();
  const banner = b.$(".banner.error");
  await banner.waitForExist(WAIT);
  assert.match(await banner.getText(), /no Throughline host answers at 127\.0\.0\.1:1/);
  await b.$("#join-heading").scrollIntoView();
  await screenshot(b, "retreat-03-join-refused");
  assert.equal(await b.$("nav.flow").isExisting(), false, "no plan opened");
});
