// The app with the keyboard alone: Tab to the new-plan form, Enter to create, Tab to a section
// in the guided flow, type, and undo and redo with Ctrl+Z / Ctrl+Shift+Z.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startApp } from "./harness.mjs";

const WAIT = { timeout: 20000 };
let app;
let b;

before(async () => {
  app = await startApp();
  b = app.browser;
});

after(async () => {
  await app?.stop();
});

async function active() {
  return b.execute(() => {
    const el = document.activeElement;
    return { id: el?.id ?? "", text: el?.textContent?.trim() ?? "", tag: el?.tagName ?? "" };
  });
}

/** Presses Tab until `matches` says the focused element is the one wanted. */
async function tabTo(matches, what, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await b.keys(["Tab"]);
    const el = await active();
    if (matches(el)) return el;
  }
  assert.fail(`Tab never reached ${what}`);
}

async function typeHere(words) {
  const el = await b.getActiveElement();
  await b.$(el).addValue(words);
}

test("a plan is created from the keyboard", async () => {
  await b.$("#new-title").waitForExist(WAIT);
  await tabTo((el) => el.id === "new-title", "the plan title");
  await typeHere("Keyboard plan");
  await b.keys(["Enter"]);
  await b.$("nav.flow").waitForExist(WAIT);
});

test("the first Tab in the workspace offers to skip to the section", async () => {
  await b.execute(() => document.activeElement?.blur?.());
  const el = await tabTo(() => true, "anything", 1);
  assert.equal(el.text, "Skip to the section");
});

test("a section is chosen and its prose typed, then undone and redone, by keyboard", async () => {
  await tabTo((el) => el.text.endsWith("Vision"), "Vision in the guided flow");
  await b.keys(["Enter"]);
  await b.$("h1#section-title=Vision").waitForExist(WAIT);
  await tabTo((el) => el.id === "place-vision--statement", "the vision's editor");
  await typeHere("Every child reads.");
  const vision = () => b.execute(() => document.getElementById("place-vision--statement")?.textContent);
  await b.waitUntil(async () => (await vision()) === "Every child reads.", WAIT);

  await b.keys(["Control", "z"]);
  await b.waitUntil(async () => (await vision()) === "", { ...WAIT, timeoutMsg: "Ctrl+Z takes back the typing" });
  await b.keys(["Control", "Shift", "z"]);
  await b.waitUntil(async () => (await vision()) === "Every child reads.", { ...WAIT, timeoutMsg: "Ctrl+Shift+Z brings it back" });
});
