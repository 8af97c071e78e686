// A facilitated retreat on two laptops, both running the real app: Ana hosts the demo plan
// (which carries a two-day agenda) and facilitates; Ben joins by address and code. Ana starts a
// block and both see its countdown; Ana brings everyone to a section and Ben's laptop follows;
// Ben steps away and rejoins; Ben's "done" reaches Ana; the wall screen opens in its own window
// and closes with Escape. axe-core finds nothing on the agenda editor, the run controls and
// the wall screen. All on loopback; each app has its own display and HOME.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { startApp, screenshot } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WAIT = { timeout: 30000 };
let ana;
let ben;

before(async () => {
  ana = await startApp({ author: "Ana Ruiz" });
  ben = await startApp({ author: "Ben Okafor" });
});

after(async () => {
  await ben?.stop();
  await ana?.stop();
});

process.on("exit", (code) => {
  if (code !== 0 || process.exitCode) {
    for (const [who, app] of [["Ana", ana], ["Ben", ben]]) {
      console.error(`--- ${who}'s app and driver said:\n${(app?.log ?? []).join("").slice(-4000)}`);
    }
  }
});

/** axe-core's violations on the page as it is, as readable lines. */
async function axe(b, where) {
  if (!(await b.execute(() => typeof window.axe === "object"))) {
    await b.execute(`${AXE}\nreturn typeof window.axe;`);
  }
  const found = await b.execute(async () => {
    document.documentElement.classList.add("render-all");
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`,
    );
  });
  return found.map((f) => `${where}: ${f}`);
}

async function sectionTitle(b) {
  return b.$("h1#section-title").getText();
}

let address;
let code;

test("Ana opens the demo plan, prepares its agenda and hosts it", async () => {
  const b = ana.browser;
  await b.$("button=Open the demo plan").waitForClickable(WAIT);
  await b.$("button=Open the demo plan").click();
  await b.$("nav.flow").waitForExist(WAIT);
  // The agenda editor: the demo's two days of blocks, each editable.
  await b.$("button=Agenda").click();
  await b.$("dialog.agenda-dialog").waitForExist(WAIT);
  await b.waitUntil(async () => (await b.$("dialog.agenda-dialog").getText()).includes("Root causes of chronic absence"), {
    ...WAIT,
    timeoutMsg: "the agenda editor lists the demo's blocks",
  });
  assert.deepEqual(await axe(b, "agenda editor"), []);
  await b.keys("Escape");
  await b.$("dialog.agenda-dialog").waitForExist({ ...WAIT, reverse: true });

  await b.$("button=Host this plan for the room").click();
  await b.$("dialog.room-dialog").waitForExist(WAIT);
  await b.$(".join-code").waitForExist(WAIT);
  const shown = await b.$(".host-address-value").getText();
  address = `127.0.0.1:${shown.slice(shown.lastIndexOf(":") + 1)}`;
  code = await b.$('.join-code[data-role="editor"] .join-code-value').getText();
  await b.$('//dialog//button[text()="Close"]').click();
  await b.$("dialog.room-dialog").waitForExist({ ...WAIT, reverse: true });
  // The host facilitates.
  await b.waitUntil(async () => (await b.$(".run-strip").getText()).includes("Facilitator: Ana Ruiz (you)"), {
    ...WAIT,
    timeoutMsg: "Ana's strip says she facilitates",
  });
});

test("Ben joins and sees who facilitates", async () => {
  const b = ben.browser;
  await b.$("#join-address").waitForExist(WAIT);
  await b.$("#join-address").setValue(address);
  await b.$("#join-code").setValue(code);
  await b.$('//form//button[text()="Join"]').click();
  await b.$("nav.flow").waitForExist(WAIT);
  await b.waitUntil(async () => (await b.$(".run-strip").getText()).includes("Facilitator: Ana Ruiz"), {
    ...WAIT,
    timeoutMsg: "Ben's strip names Ana as the facilitator",
  });
});

test("Ana starts a block and both laptops count it down; Ben is brought to its section", async () => {
  const a = ana.browser;
  await a.$("button=Run the room").click();
  await a.$("dialog.run-dialog").waitForExist(WAIT);
  await a.$('//dialog//button[@aria-label="Start Root causes of chronic absence"]').click();
  await a.$("dialog.run-dialog .countdown").waitForExist(WAIT);
  await a.waitUntil(async () => (await a.$("dialog.run-dialog").getText()).includes("Ben Okafor"), {
    ...WAIT,
    timeoutMsg: "the run controls list Ben",
  });
  assert.deepEqual(await axe(a, "run controls"), []);
  await a.$('//dialog[contains(@class,"run-dialog")]//button[text()="Close"]').click();
  await a.$("dialog.run-dialog").waitForExist({ ...WAIT, reverse: true });

  for (const [who, b] of [["Ana", a], ["Ben", ben.browser]]) {
    await b.waitUntil(async () => /Root causes of chronic absence/.test(await b.$(".run-strip").getText()), {
      ...WAIT,
      timeoutMsg: `${who} sees the running block`,
    });
    const left = await b.$(".run-strip .countdown").getText();
    assert.match(left, /^(1:29:\d\d|1:30:00)$/, `${who}'s countdown: ${left}`);
  }
  await ben.browser.waitUntil(async () => (await sectionTitle(ben.browser)) === "Root-cause analysis", {
    ...WAIT,
    timeoutMsg: "Ben's laptop follows to the block's section",
  });
  await screenshot(ben.browser, "room-ben-following");
});

test("Ben steps away and is not moved; he rejoins; Ana brings everyone to the vision", async () => {
  const a = ana.browser;
  const b = ben.browser;
  await b.$("button=Step away").click();
  await b.$("button=Rejoin the room").waitForExist(WAIT);
  await a.$('//nav//button[.//span[@class="step-label" and text()="Vision"]]').click();
  await a.$("h1#section-title=Vision").waitForExist(WAIT);
  await a.$("button=Run the room").click();
  await a.$("dialog.run-dialog").waitForExist(WAIT);
  await a.waitUntil(async () => (await a.$("dialog.run-dialog").getText()).includes("stepped away"), {
    ...WAIT,
    timeoutMsg: "Ana sees that Ben stepped away",
  });
  await a.$("button=Bring everyone to Vision").click();
  await a.$('//dialog[contains(@class,"run-dialog")]//button[text()="Close"]').click();
  await b.waitUntil(async () => (await b.$(".run-strip").getText()).includes("You stepped away"), WAIT);
  assert.equal(await sectionTitle(b), "Root-cause analysis", "a person who stepped away is not moved");
  await b.$("button=Rejoin the room").click();
  await b.waitUntil(async () => (await sectionTitle(b)) === "Vision", {
    ...WAIT,
    timeoutMsg: "rejoining takes Ben to where the room is",
  });
});

test("Ben's done reaches the facilitator", async () => {
  await ben.browser.$("button=I'm done").click();
  await ben.browser.$('button[aria-pressed="true"]').waitForExist(WAIT);
  await ana.browser.waitUntil(async () => (await ana.browser.$(".run-done-count").getText()) === "1 of 2 done", {
    ...WAIT,
    timeoutMsg: "Ana sees one of two done",
  });
});

test("the wall screen opens in its own window, follows the room and closes with Escape", async () => {
  const a = ana.browser;
  const main = await a.getWindowHandle();
  await a.$("button=Wall screen").click();
  let wall;
  await a.waitUntil(
    async () => {
      wall = (await a.getWindowHandles()).find((h) => h !== main);
      return !!wall;
    },
    { ...WAIT, timeoutMsg: "a second window opens" },
  );
  await a.switchToWindow(wall);
  await a.$("main.wall").waitForExist(WAIT);
  await a.waitUntil(async () => (await a.$("main.wall h1").getText()) === "Root causes of chronic absence", {
    ...WAIT,
    timeoutMsg: "the wall shows the running block",
  });
  const wallText = await a.$("main.wall").getText();
  assert.match(wallText, /Vision/, "where the room is");
  assert.match(wallText, /\d+:\d\d:\d\d/, "the countdown");
  assert.match(wallText, /Balance/);
  assert.match(wallText, /Vote results/);
  assert.deepEqual(await axe(a, "wall screen"), []);
  await screenshot(a, "wall-screen");
  // The window closes under the key action, which WebDriver then reports as "no such window".
  await a.keys("Escape").catch(() => undefined);
  await a.waitUntil(async () => (await a.getWindowHandles()).length === 1, {
    ...WAIT,
    timeoutMsg: "Escape closes the wall screen",
  });
  await a.switchToWindow(main);
  await a.$(".run-strip").waitForExist(WAIT);
});
