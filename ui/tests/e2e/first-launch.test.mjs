// Who is who, on a laptop's first launch: with no name given anywhere, the start screen asks
// what the others should call this person before anything else; the name typed is who they are
// in the room (the host's "who is here"), and it is kept: the next launch shows it, not the
// question. axe-core finds nothing on the question.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { startApp, screenshot } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WAIT = { timeout: 30000 };
let app;

after(async () => {
  await app?.stop();
});

process.on("exit", (code) => {
  if (code !== 0 || process.exitCode) console.error(`--- the app said:\n${(app?.log ?? []).join("").slice(-4000)}`);
});

test("the first launch asks for a name, and the room knows the person by it", async () => {
  app = await startApp({ author: null, width: 1024, height: 700 });
  const b = app.browser;
  await b.$("#your-name-heading").waitForExist(WAIT);
  assert.equal(await b.$("#your-name-heading").getText(), "What should the others call you?");
  await b.execute(AXE);
  const found = await b.execute(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help}`);
  });
  assert.deepEqual(found, [], "axe on the first-launch question");
  await screenshot(b, "first-launch-asks");
  // Nothing is offered that is not a name (no login name here): the field starts empty.
  assert.equal(await b.$("#display-name").getValue(), "");
  // A blank name is refused in words and nothing is kept.
  await b.$("#display-name").click();
  await b.keys(["Control", "a"]);
  await b.keys(["Delete"]);
  await b.$("button=Save my name").click();
  await b.$("#display-name-problem").waitForExist(WAIT);
  await b.$("#display-name").click();
  for (const key of "Ana Ruiz") await b.keys(key);
  await b.waitUntil(async () => (await b.$("#display-name").getValue()) === "Ana Ruiz", { ...WAIT, timeoutMsg: "the name is typed" });
  await b.$("button=Save my name").click();
  await b.waitUntil(async () => (await b.$("#your-name-shown").getText()) === "Ana Ruiz", { ...WAIT, timeoutMsg: "the name is shown" });

  await b.$("button=Open the demo plan").waitForClickable(WAIT);
  await b.$("button=Open the demo plan").click();
  await b.$("nav.flow").waitForExist(WAIT);
  await b.$("button=Host this plan for the room").click();
  await b.$("dialog.room-dialog").waitForExist(WAIT);
  await b.waitUntil(async () => (await b.$(".people-here").getText()).includes("Ana Ruiz (hosting)"), {
    ...WAIT,
    timeoutMsg: "the host is Ana Ruiz in who is here",
  });
});

test("the next launch remembers the name and does not ask again", async () => {
  const home = app.home;
  await app.stop();
  app = await startApp({ author: null, home, width: 1024, height: 700 });
  const b = app.browser;
  await b.$("#your-name-shown").waitForExist(WAIT);
  assert.equal(await b.$("#your-name-shown").getText(), "Ana Ruiz");
  assert.equal(await b.$("#display-name").isExisting(), false, "not asked twice");
});
