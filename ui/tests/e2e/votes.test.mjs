// A dot vote on two laptops, both running the real app: Ana hosts the demo plan and
// facilitates; Ben joins by address and code. Each says which team member they are; Ana opens a
// vote on two strategies with three dots each; both place their dots (sealed before they leave
// the laptop: Ben's laptop cannot count them); Ben leaves, changes his dots offline and rejoins,
// and his ballot is replaced, not added; Ana closes the vote and both laptops show the same
// counts; the wall screen shows them. The parking lot takes two pasted lines as two ideas. axe-core
// finds nothing on the votes dialog. All on loopback; each app has its own display and HOME.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { startApp, screenshot } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WAIT = { timeout: 30000 };
const QUESTION = "Which strategy do we fund first?";
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

async function axe(b, where) {
  if (!(await b.execute(() => typeof window.axe === "object"))) {
    await b.execute(`${AXE}\nreturn typeof window.axe;`);
  }
  const found = await b.execute(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`,
    );
  });
  return found.map((f) => `${where}: ${f}`);
}

/** Says which demo team member this laptop's person is (the capacity section's picker). */
async function iAm(b, name) {
  await b.$('//nav//button[.//span[@class="step-label" and text()="Benchmarking against high-performing systems"]]').click();
  await b.$("#rating-as").waitForExist(WAIT);
  await b.$("#rating-as").selectByVisibleText(name);
  await b.waitUntil(async () => (await b.$("#rating-as").getValue()) !== "", WAIT);
}

async function openVotes(b) {
  await b.$("button=Votes").click();
  await b.$("dialog.votes-dialog").waitForExist(WAIT);
}

async function closeVotes(b) {
  await b.$('//dialog[contains(@class,"votes-dialog")]//button[text()="Close"]').click();
  await b.$("dialog.votes-dialog").waitForExist({ ...WAIT, reverse: true });
}

/** Sets the dots on the item whose title starts with `title` in the open vote. */
async function setDots(b, title, dots) {
  const input = b.$(`//dialog//ul[contains(@class,"dot-list")]//li[label[starts-with(normalize-space(.), "${title}")]]/input`);
  await input.waitForClickable(WAIT);
  // As a person does: select what is there and type over it, in one input event. (setValue
  // clears first; a live re-read landing between the clear and the typing put the old number
  // back, and "0" typed after "1" read 10.)
  await input.click();
  await b.keys(["Control", "a"]);
  await b.keys(String(dots));
  await b.waitUntil(async () => (await input.getValue()) === String(dots), { ...WAIT, timeoutMsg: `${title} reads ${dots} dots` });
}

/** Waits for the open vote's count of dots placed to read `words`. */
async function placedReads(b, words) {
  await b.waitUntil(async () => (await b.$('//dialog//p[@role="status"]').getText()).startsWith(words), {
    ...WAIT,
    timeoutMsg: `the dots placed read "${words}"`,
  });
}

/** The results table of the vote asked about, as "title: dots" lines. */
async function results(b) {
  const card = b.$(`//dialog//article[contains(@class,"vote-card")][h4[text()="${QUESTION}"]]`);
  await card.$("table").waitForExist(WAIT);
  const rows = await card.$$("tbody tr");
  const out = [];
  for (const r of rows) out.push(`${await r.$("th").getText()}: ${await r.$("td").getText()}`);
  return out;
}

let address;
let code;

test("Ana hosts the demo and says who she is; Ben joins and says who he is", async () => {
  const a = ana.browser;
  await a.$("button=Open the demo plan").waitForClickable(WAIT);
  await a.$("button=Open the demo plan").click();
  await a.$("nav.flow").waitForExist(WAIT);
  await a.$("button=Host this plan for the room").click();
  await a.$("dialog.room-dialog").waitForExist(WAIT);
  await a.$(".join-code").waitForExist(WAIT);
  const shown = await a.$(".host-address-value").getText();
  address = `127.0.0.1:${shown.slice(shown.lastIndexOf(":") + 1)}`;
  code = await a.$('.join-code[data-role="editor"] .join-code-value').getText();
  await a.$('//dialog//button[text()="Close"]').click();
  await a.$("dialog.room-dialog").waitForExist({ ...WAIT, reverse: true });
  await iAm(a, "Dr. Teresa Alvarez");

  const b = ben.browser;
  await b.$("#join-address").waitForExist(WAIT);
  await b.$("#join-address").setValue(address);
  await b.$("#join-code").setValue(code);
  await b.$('//form//button[text()="Join"]').click();
  await b.$("nav.flow").waitForExist(WAIT);
  await b.waitUntil(async () => (await b.$(".run-strip").getText()).includes("Facilitator: Ana Ruiz"), WAIT);
  await iAm(b, "Linh Pham");
});

test("Ana opens a vote on two strategies; Ben may place dots but not open or close votes", async () => {
  const a = ana.browser;
  await openVotes(a);
  // The demo's closed vote is there, with its results.
  await a.waitUntil(async () => (await a.$("dialog.votes-dialog").getText()).includes("Which strategy do we fund first in 2026-27?"), WAIT);
  assert.deepEqual(await axe(a, "votes dialog"), []);
  await a.$("#vote-question").setValue(QUESTION);
  await a.$("#vote-dots").setValue("3");
  await a.$('//dialog//label[text()="Staff the highest-need schools first (strategy)"]').click();
  await a.$('//dialog//label[text()="Every student known by an adult (strategy)"]').click();
  await a.$("button=Open the vote").click();
  await a.$(`//dialog//article[contains(@class,"vote-card")][h4[text()="${QUESTION}"]]`).waitForExist(WAIT);

  const b = ben.browser;
  await openVotes(b);
  await b.$(`//dialog//article[contains(@class,"vote-card")][h4[text()="${QUESTION}"]]`).waitForExist(WAIT);
  assert.equal(await b.$("#vote-question").isExisting(), false, "only the facilitator opens votes");
  assert.equal(await b.$("button=Close the vote and show the results").isExisting(), false);
});

test("both place their dots, sealed; more than three is refused", async () => {
  const b = ben.browser;
  await setDots(b, "Staff the highest-need", 3);
  await setDots(b, "Every student known", 1);
  assert.equal(await b.$("button=Place my dots").isEnabled(), false, "four dots of three cannot be placed");
  await setDots(b, "Every student known", 0);
  await placedReads(b, "3 of 3 dots placed");
  await b.$("button=Place my dots").click();
  await b.waitUntil(async () => (await b.$("dialog.votes-dialog").getText()).includes("1 person has placed theirs"), WAIT);
  // Ben places again from the same laptop: his ballot is replaced, not added.
  await setDots(b, "Staff the highest-need", 2);
  await setDots(b, "Every student known", 1);
  await placedReads(b, "3 of 3 dots placed");
  await b.$("button=Place my dots").click();

  const a = ana.browser;
  await setDots(a, "Staff the highest-need", 1);
  await setDots(a, "Every student known", 2);
  await placedReads(a, "3 of 3 dots placed");
  await a.$("button=Place my dots").click();
  await a.waitUntil(async () => (await a.$("dialog.votes-dialog").getText()).includes("2 people have placed theirs"), {
    ...WAIT,
    timeoutMsg: "two ballots, one per person",
  });
  await b.waitUntil(async () => (await b.$("dialog.votes-dialog").getText()).includes("2 people have placed theirs"), WAIT);
  await screenshot(b, "votes-ben-placed");
});

test("Ben leaves, changes his dots offline, and rejoins: his ballot is replaced, never added", async () => {
  const b = ben.browser;
  await closeVotes(b);
  await b.$("button.session-badge").click();
  await b.$("button=Leave the session").click();
  await b.$("button.session-badge").waitForExist({ ...WAIT, reverse: true });
  await openVotes(b);
  await setDots(b, "Staff the highest-need", 1);
  await setDots(b, "Every student known", 2);
  await placedReads(b, "3 of 3 dots placed");
  await b.$("button=Place my dots").click();
  await b.waitUntil(async () => (await b.$('//dialog//p[@role="status"]').getText()).startsWith("3 of 3"), WAIT);
  await closeVotes(b);
  // Meanwhile Ana still has Ben's earlier ballot, and one per person.
  assert.match(await ana.browser.$("dialog.votes-dialog").getText(), /2 people have placed theirs/);

  await b.$("button=Close plan").click();
  await b.$("#join-address").waitForExist(WAIT);
  await b.$("#join-address").setValue(address);
  await b.$("#join-code").setValue(code);
  await b.$('//form//button[text()="Join"]').click();
  await b.$("nav.flow").waitForExist(WAIT);
  await b.waitUntil(async () => (await b.$(".run-strip").getText()).includes("Facilitator: Ana Ruiz"), WAIT);
  await openVotes(b);
  await b.waitUntil(async () => (await b.$("dialog.votes-dialog").getText()).includes("2 people have placed theirs"), {
    ...WAIT,
    timeoutMsg: "after the offline change, still one ballot per person",
  });
});

test("Ana closes the vote; both laptops count the same dots", async () => {
  const a = ana.browser;
  await a.$("button=Close the vote and show the results").click();
  const counted = await results(a);
  // Ana's 1 + 2 and Ben's offline 1 + 2: his first ballot (2 + 1) counts for nothing.
  assert.deepEqual(counted, ["Every student known by an adult (strategy): 4", "Staff the highest-need schools first (strategy): 2"]);
  const b = ben.browser;
  await b.waitUntil(async () => (await b.$$(`//dialog//article[contains(@class,"vote-card")][h4[text()="${QUESTION}"]]//table`)).length === 1, {
    ...WAIT,
    timeoutMsg: "Ben's laptop shows the results once the key is published",
  });
  assert.deepEqual(await results(b), counted, "every laptop counts alike");
  assert.match(await a.$("dialog.votes-dialog").getText(), /Close at the top/);
  await screenshot(a, "votes-results");
});

test("two pasted lines park two ideas; one is promoted into a root cause", async () => {
  const b = ben.browser;
  await b.$("#new-idea").scrollIntoView();
  // Two lines, as a pasted list arrives (the driver types Enter between them).
  await b.$("#new-idea").setValue("Later start times for middle schools");
  await b.keys(["Enter"]);
  await b.$("#new-idea").addValue("A student advisory council");
  const park = b.$("button=Park 2 ideas, one per line");
  await park.waitForExist(WAIT);
  await park.scrollIntoView({ block: "center" });
  await park.click();
  await b.waitUntil(async () => (await b.$("dialog.votes-dialog").getText()).includes("A student advisory council"), WAIT);
  const idea = b.$('//li[contains(@class,"idea")][.//strong[text()="A student advisory council"]]');
  await idea.scrollIntoView({ block: "center" });
  await idea.$("select").selectByVisibleText("a root cause");
  await idea.$("button=Promote").click();
  await b.waitUntil(async () => (await idea.getText()).includes("Became A student advisory council (root cause)"), WAIT);
  assert.match(await idea.getText(), /Raised by Ben Okafor/);
  assert.deepEqual(await axe(b, "votes dialog with ideas"), []);
  await closeVotes(b);
});

test("the wall screen shows the latest closed vote", async () => {
  const a = ana.browser;
  await closeVotes(a);
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
  await a.waitUntil(async () => (await a.$("main.wall").getText()).includes(QUESTION), {
    ...WAIT,
    timeoutMsg: "the wall shows the vote's results",
  });
  const text = await a.$("main.wall").getText();
  assert.match(text, /Every student known by an adult \(strategy\)\s*4/);
  assert.deepEqual(await axe(a, "wall screen with a vote"), []);
  await a.keys("Escape").catch(() => undefined);
  await a.waitUntil(async () => (await a.getWindowHandles()).length === 1, WAIT);
  await a.switchToWindow(main);
});
