// Everyday editing in the real app, on a district laptop's screen (1024×700) and a larger one
// (1440×900): every section of the demo plan laid out with nothing cut off or overlapping, the
// window no larger than the screen, the toolbar in view after adding at the end of a long list,
// the cursor in the new item's first field after every "Add", and dates and fiscal years taken
// as districts write them, a refused one kept as typed.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { startApp, screenshot } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WAIT = { timeout: 20000 };

async function goTo(b, label) {
  await b.$(`//nav//button[.//span[@class="step-label" and text()="${label}"]]`).click();
  await b.$(`h1#section-title=${label}`).waitForExist(WAIT);
}

async function sectionLabels(b) {
  return b.execute(() => [...document.querySelectorAll("nav.flow .step-label")].map((e) => e.textContent));
}

/**
 * What is wrong with the layout on screen, as readable lines: an element wider than the pane
 * it is in (unless inside a box that scrolls sideways), siblings whose boxes overlap, a card
 * title squeezed to a word a line, the plan's title gone from the header, the toolbar moved.
 */
async function layoutProblems(b, where) {
  // Every card drawn, top to bottom.
  await b.execute(async () => {
    const main = document.querySelector("#section-main");
    for (let y = 0; y <= main.scrollHeight; y += 400) {
      main.scrollTop = y;
      await new Promise((r) => setTimeout(r, 20));
    }
    main.scrollTop = 0;
    document.documentElement.classList.add("render-all");
  });
  const found = await b.execute(() => {
    const out = [];
    const name = (el) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : ""} “${(el.textContent ?? "").trim().slice(0, 40)}”`;
    const shown = (el) => {
      const s = window.getComputedStyle(el);
      const r = el.getBoundingClientRect();
      // A chart's own shapes overlap by design (gridlines under bars); the chart as a whole is checked.
      const inChart = el.closest("svg") !== null && el.tagName.toLowerCase() !== "svg";
      return !inChart && s.display !== "none" && s.visibility !== "hidden" && r.width > 2 && r.height > 2 && s.position !== "absolute" && s.position !== "fixed";
    };
    const scrollsSideways = (el, stop) => {
      for (let p = el.parentElement; p && p !== stop; p = p.parentElement) {
        const o = window.getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll") return true;
      }
      return false;
    };
    const main = document.querySelector("#section-main");
    const pane = main.getBoundingClientRect();
    const all = [...main.querySelectorAll("*")].filter(shown);
    for (const el of all) {
      const r = el.getBoundingClientRect();
      if (r.right > pane.right + 1 && !scrollsSideways(el, main)) out.push(`wider than its pane: ${name(el)} (${Math.round(r.right - pane.right)} px)`);
    }
    const parents = new Set(all.map((el) => el.parentElement));
    for (const parent of parents) {
      const kids = [...parent.children].filter(shown);
      for (let i = 0; i < kids.length; i++) {
        for (let j = i + 1; j < kids.length; j++) {
          const a = kids[i].getBoundingClientRect();
          const c = kids[j].getBoundingClientRect();
          const w = Math.min(a.right, c.right) - Math.max(a.left, c.left);
          const h = Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top);
          if (w > 2 && h > 2) out.push(`overlap: ${name(kids[i])} and ${name(kids[j])}`);
        }
      }
    }
    for (const title of main.querySelectorAll(".item-title")) {
      const r = title.getBoundingClientRect();
      if (r.width > 0 && r.width < 150) out.push(`squeezed title: ${name(title)} is ${Math.round(r.width)} px wide`);
    }
    const planTitle = document.querySelector(".plan-title").getBoundingClientRect();
    if (planTitle.width < 150) out.push(`the plan's title is ${Math.round(planTitle.width)} px wide in the header`);
    const top = document.querySelector(".topbar").getBoundingClientRect();
    if (top.top !== 0) out.push(`the toolbar is at ${top.top}`);
    if (top.right > window.innerWidth + 1) out.push("the toolbar is wider than the window");
    document.documentElement.classList.remove("render-all");
    return out;
  });
  return found.map((f) => `${where}: ${f}`);
}

async function axe(b, where) {
  if (!(await b.execute(() => typeof window.axe === "object"))) await b.execute(`${AXE}\nreturn typeof window.axe;`);
  const found = await b.execute(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`);
  });
  return found.map((f) => `${where}: ${f}`);
}

for (const [width, height] of [
  [1024, 700],
  [1440, 900],
]) {
  describe(`at ${width}×${height}`, () => {
    let app;
    let b;
    after(async () => {
      await app?.stop();
    });

    test("the window fits the screen and every section of the demo plan lays out whole", async () => {
      app = await startApp({ width, height });
      b = app.browser;
      const fit = await b.execute(() => ({ w: window.outerWidth, h: window.outerHeight, sw: window.screen.width, sh: window.screen.height }));
      assert.ok(fit.w <= fit.sw && fit.h <= fit.sh, `the window ${fit.w}×${fit.h} fits the screen ${fit.sw}×${fit.sh}`);
      await b.$("button=Open the demo plan").waitForClickable(WAIT);
      await b.$("button=Open the demo plan").click();
      await b.$("nav.flow").waitForExist(WAIT);
      await b.$(".plan-title").waitForExist(WAIT);
      const problems = [];
      for (const label of await sectionLabels(b)) {
        await goTo(b, label);
        await screenshot(b, `editing-${width}-${label.replace(/\W+/g, "-")}`);
        problems.push(...(await layoutProblems(b, label)));
      }
      assert.deepEqual(problems, []);
    });

    test("the findings are a drawer in a narrow window, and a column in a wide one", async () => {
      const toggle = await b.$("button.aside-toggle");
      if (width < 1280) {
        assert.equal(await b.$("aside.coherence").isDisplayed(), false);
        await toggle.click();
        await b.$("aside.coherence.open").waitForDisplayed(WAIT);
        await screenshot(b, `editing-${width}-drawer`);
        assert.deepEqual(await axe(b, "findings drawer"), []);
        await b.keys(["Escape"]);
        await b.$("aside.coherence").waitForDisplayed({ ...WAIT, reverse: true });
      } else {
        assert.equal(await toggle.isDisplayed(), false);
        assert.equal(await b.$("aside.coherence").isDisplayed(), true);
      }
    });

    test("the plan's fitness sits under the balance, one line until opened: its figures and no nagging", async () => {
      if (width < 1280) {
        await b.$("button.aside-toggle").click();
        await b.$("aside.coherence.open").waitForDisplayed(WAIT);
      }
      const summary = b.$("aside.coherence details.fitness summary");
      await summary.waitForDisplayed(WAIT);
      assert.match(await summary.getText(), /^Plan fitness\s*\d+ strategies, \d+ tactics/);
      // Under the balance, above the findings: seen with the money, not among what to fix.
      const order = await b.execute(() => {
        const aside = document.querySelector("aside.coherence");
        return [".balance-summary", "details.fitness", "#coherence-heading"].map((s) => [...aside.querySelectorAll("*")].indexOf(aside.querySelector(s)));
      });
      assert.ok(order[0] < order[1] && order[1] < order[2], `balance, fitness, findings: ${order}`);
      assert.equal(await b.$("details.fitness").getAttribute("open"), null, "folded until asked");
      await summary.click();
      await b.$("details.fitness .fitness-figures").waitForDisplayed(WAIT);
      // Pairs, not an object: the driver does not keep an object's key order.
      const pairs = await b.execute(() =>
        [...document.querySelectorAll("details.fitness .fitness-figures > div")].map((d) => [d.dataset.key, d.querySelector("dd").textContent]),
      );
      const figures = Object.fromEntries(pairs);
      assert.deepEqual(pairs.map(([key]) => key), ["strategies", "tactics", "tactics_paid_for", "measures_per_strategy", "root_causes_answered"]);
      assert.match(figures.tactics_paid_for, /^\d+ of \d+ \(\d+%\)$/);
      await b.execute(() => document.querySelector("details.fitness")?.scrollIntoView({ block: "center" }));
      await screenshot(b, `editing-${width}-fitness`);
      assert.deepEqual(await axe(b, "plan fitness"), []);
      await summary.click();
      if (width < 1280) {
        await b.keys(["Escape"]);
        await b.$("aside.coherence").waitForDisplayed({ ...WAIT, reverse: true });
      }
    });

    test("adding at the end of a long list keeps the toolbar on screen", async () => {
      await goTo(b, "Resource plan");
      await b.execute(() => {
        const main = document.querySelector("#section-main");
        main.scrollTop = main.scrollHeight;
      });
      await b.$("button=Add a source").click();
      await b.waitUntil(() => b.execute(() => document.activeElement?.closest("article.item-card") !== null), WAIT);
      await b.keys("Printing budget".split(""));
      const where = await b.execute(() => ({
        top: document.querySelector(".topbar").getBoundingClientRect().top,
        page: document.scrollingElement.scrollTop,
        workspace: document.querySelector(".workspace").getBoundingClientRect().top,
      }));
      assert.deepEqual(where, { top: 0, page: 0, workspace: 0 });
      await screenshot(b, `editing-${width}-after-add`);
    });
  });
}

describe("focus and input", () => {
  let app;
  let b;
  after(async () => {
    await app?.stop();
  });

  test("after every Add the cursor is in the new item's first field, and typing lands there", async () => {
    app = await startApp({ width: 1024, height: 700 });
    b = app.browser;
    await b.$("button=Open the demo plan").waitForClickable(WAIT);
    await b.$("button=Open the demo plan").click();
    await b.$("nav.flow").waitForExist(WAIT);
    const problems = [];
    let n = 0;
    for (const label of await sectionLabels(b)) {
      await goTo(b, label);
      const adds = await b.execute(() =>
        [...document.querySelectorAll("#section-main .collection-header button.primary")].map((x) => x.textContent.trim()),
      );
      for (const add of adds) {
        n += 1;
        const button = await b.$(`//main//div[contains(@class,"collection-header")]//button[normalize-space()="${add}"]`);
        // A section of many cards is still drawing them as it opens, and the button moves; a click
        // aimed where it was lands elsewhere (seen under load on the Resource plan). Aim once it
        // stands still.
        await b.waitUntil(
          () =>
            b.execute(
              (el) =>
                new Promise((resolve) => {
                  const before = el.getBoundingClientRect().top;
                  requestAnimationFrame(() => requestAnimationFrame(() => resolve(el.getBoundingClientRect().top === before)));
                }),
              button,
            ),
          { ...WAIT, timeoutMsg: `${label} › ${add}: the button never stood still` },
        );
        await button.click();
        // WebKitWebDriver may drop a typed space; the words are checked, not the driver.
        const words = `Added${n}here`;
        await b.waitUntil(() => b.execute(() => document.activeElement?.closest("article.item-card") !== null), {
          ...WAIT,
          timeoutMsg: `${label} › ${add}: focus went to ${await b.execute(() => document.activeElement?.outerHTML.slice(0, 80))}`,
        });
        const focus = await b.execute(() => {
          const el = document.activeElement;
          return {
            inHeader: el.closest(".item-header") !== null,
            editable: el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName),
            card: el.closest("article.item-card").dataset.path,
          };
        });
        if (focus.inHeader || !focus.editable) {
          problems.push(`${label} › ${add}: focus is not in a field (${JSON.stringify(focus)})`);
          continue;
        }
        // Typed into whatever has the cursor (element send-keys, as the other tests type into
        // CodeMirror: WebKitWebDriver's bare key actions do not reach it).
        await (await b.$(() => document.activeElement)).addValue(words);
        const landed = () =>
          b.execute(
            (path, words) => {
              const card = document.querySelector(`article.item-card[data-path="${path}"]`);
              return [...(card?.querySelectorAll("[contenteditable=true], input, textarea") ?? [])].some((f) =>
                (f.value ?? f.textContent ?? "").includes(words),
              );
            },
            focus.card,
            words,
          );
        const ok = await b.waitUntil(landed, { timeout: 5000 }).catch(() => false);
        if (!ok) problems.push(`${label} › ${add}: the typed words are not in the new item`);
        if (await b.$("dialog.comment-dialog").isExisting()) problems.push(`${label} › ${add}: typing opened the comment dialog`);
        await b.keys(["Tab"]);
      }
    }
    assert.ok(n >= 8, `the demo plan has many collections to add to (${n} found)`);
    assert.deepEqual(problems, []);
  });

  test("dates and fiscal years are taken as districts write them, and a refused one is kept", async () => {
    await goTo(b, "Tactics");
    const card = await b.$("#section-main article.item-card");
    const path = await card.getAttribute("data-path");
    const id = (field) => `place-${path.replace(/[^A-Za-z0-9_-]/g, "_")}--${field}`;
    const type = async (field, text) => {
      const input = await b.$(`[id="${id(field)}"]`);
      await input.waitForExist(WAIT);
      await input.click();
      await b.keys(["Control", "a"]);
      await input.addValue(text);
      await b.keys(["Tab"]);
      return input;
    };
    for (const [field, text, stored] of [
      ["start", "9/2/2025", "2025-09-02"],
      ["due", "June 30, 2026", "2026-06-30"],
      ["start", "Sept 3 2025", "2025-09-03"],
    ]) {
      const input = await type(field, text);
      await b.waitUntil(async () => (await input.getValue()) === stored, {
        ...WAIT,
        timeoutMsg: `“${text}” is stored as ${stored}; the field shows ${await input.getValue()}`,
      });
    }
    const refused = await type("due", "9/31/2025");
    await b.$(`[id="${id("due")}-error"]`).waitForExist(WAIT);
    assert.equal(await refused.getValue(), "9/31/2025", "the refused date stays as typed");
    assert.match(await b.$(`[id="${id("due")}-error"]`).getText(), /not a date/);
    await screenshot(b, "editing-date-refused");
    assert.deepEqual(await axe(b, "a refused date"), []);

    await goTo(b, "Resource plan");
    const line = await b.$("#section-main .ledger-cards article.item-card");
    const linePath = await line.getAttribute("data-path");
    const fy = await b.$(`[id="place-${linePath.replace(/[^A-Za-z0-9_-]/g, "_")}--fiscal_year"]`);
    for (const [text, stored] of [
      ["FY26", "2025-26"],
      ["FY 2027", "2026-27"],
      ["2025–2026", "2025-26"],
    ]) {
      await b.execute((el) => el.scrollIntoView({ block: "center" }), fy);
      await fy.click();
      await b.keys(["Control", "a"]);
      await fy.addValue(text);
      await b.keys(["Tab"]);
      await b.waitUntil(async () => (await fy.getValue()) === stored, {
        ...WAIT,
        timeoutMsg: `“${text}” is stored as ${stored}; the field shows ${await fy.getValue()}`,
      });
    }
  });
});
