// Two laptops at a retreat, both running the real app: Ana hosts her plan; Ben, on the start
// screen, types the address and the editor's code as Ana's screen shows them (no announcement
// over the network needed: the host is asked directly), gets his own copy, and each sees the
// other's typing and who is here. All on loopback; each app has its own display and HOME.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startApp, screenshot } from "./harness.mjs";

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

// What each app and its driver said, for a failure's report.
process.on("exit", (code) => {
  if (code !== 0 || process.exitCode) {
    for (const [who, app] of [["Ana", ana], ["Ben", ben]]) {
      console.error(`--- ${who}'s app and driver said:\n${(app?.log ?? []).join("").slice(-4000)}`);
    }
  }
});

async function openVision(b, who) {
  // A click that lands while the workspace is still settling after a join can be lost: click
  // again until the section is there, and say what was on screen if it never is.
  const step = '//nav//button[.//span[@class="step-label" and text()="Vision"]]';
  for (let tries = 0; !(await b.$("h1#section-title=Vision").isExisting()); tries++) {
    if (tries === 10) {
      await screenshot(b, `two-laptops-${who}-no-vision`);
      const seen = await b.execute(() => document.body.innerText.slice(0, 400));
      throw new Error(`${who}'s app never showed the Vision section; it shows: ${JSON.stringify(seen)}`);
    }
    await b.$(step).waitForClickable(WAIT);
    await b.$(step).click();
    await b.$("h1#section-title=Vision").waitForExist({ timeout: 3000 }).catch(() => undefined);
  }
  const editor = b.$('[id="place-vision--statement"]');
  await editor.waitForExist(WAIT);
  return editor;
}

async function waitForEditorText(b, editor, words, who) {
  await b.waitUntil(async () => (await editor.getText()).includes(words), {
    ...WAIT,
    timeoutMsg: `${who} sees “${words}”; the vision reads ${JSON.stringify(await editor.getText())}`,
  });
}

let address;
let code;

test("Ana creates a plan and hosts it for the room", async () => {
  const b = ana.browser;
  await b.$("#new-title").waitForExist(WAIT);
  await b.$("#template-dsdp").click();
  await b.$("#new-title").setValue("Lakeside Redesign");
  await b.$("#new-file").setValue("lakeside");
  await b.$("button=Create the plan").click();
  await b.$("nav.flow").waitForExist(WAIT);
  await b.$("button=Host this plan for the room").click();
  await b.$("dialog.room-dialog").waitForExist(WAIT);
  await b.$(".join-code").waitForExist(WAIT);
  const shown = await b.$(".host-address-value").getText();
  // The address is the laptop's on the room's network; this test stays on loopback.
  address = `127.0.0.1:${shown.slice(shown.lastIndexOf(":") + 1)}`;
  code = await b.$('.join-code[data-role="editor"] .join-code-value').getText();
  assert.match(code, /^\d{4}-\d{4}$/);
  await b.$('//dialog//button[text()="Close"]').click();
  await b.$("dialog.room-dialog").waitForExist({ ...WAIT, reverse: true });
});

test("Ben joins by typing the address and the code, and gets the plan", async () => {
  const b = ben.browser;
  await b.$("#join-address").waitForExist(WAIT);
  await b.$("#join-address").setValue(address);
  await b.$("#join-code").setValue(code);
  await b.$('//form//button[text()="Join"]').click();
  await b.$("nav.flow").waitForExist(WAIT);
  await b.$(".session-badge").waitForExist(WAIT);
  await b.waitUntil(async () => (await b.execute(() => document.querySelector("header")?.textContent ?? "")).includes("Lakeside Redesign"), {
    ...WAIT,
    timeoutMsg: "Ben's app shows Ana's plan",
  });
});

test("each laptop sees the other's typing", async () => {
  const anaVision = await openVision(ana.browser, "ana");
  const benVision = await openVision(ben.browser, "ben");
  await anaVision.click();
  await anaVision.addValue("Every student reads by third grade.");
  await waitForEditorText(ben.browser, benVision, "Every student reads by third grade.", "Ben");
  await benVision.click();
  await ben.browser.keys(["Control", "End"]);
  await benVision.addValue(" Ben was here.");
  await waitForEditorText(ana.browser, anaVision, "third grade. Ben was here.", "Ana");
  await screenshot(ana.browser, "two-laptops-ana");
  await screenshot(ben.browser, "two-laptops-ben");
});

test("Ana sees who is here, and Ben keeps his copy when Ana stops hosting", async () => {
  const a = ana.browser;
  await a.$(".session-badge").click();
  await a.$("dialog.room-dialog").waitForExist(WAIT);
  await a.waitUntil(async () => (await a.$("dialog.room-dialog").getText()).includes("Ben Okafor"), {
    ...WAIT,
    timeoutMsg: "Ana's room panel lists Ben",
  });
  await a.$("button=Stop hosting").click();
  await a.$(".session-badge").waitForExist({ ...WAIT, reverse: true });
  const benVision = ben.browser.$('[id="place-vision--statement"]');
  assert.match(await benVision.getText(), /third grade\. Ben was here\.$/);
});
