// Usage: node axe-check.mjs PAGE.html [SCREENSHOT.png]
// Loads the page in Debian's Chromium (never a downloaded browser), runs axe-core with the WCAG
// 2.0/2.1 A and AA rules and best practices, prints each violation, and exits 1 if there is any.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [page, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(pathToFileURL(path.resolve(page)).href);
  await tab.addScriptTag({ content: axeSource });
  const result = await tab.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  console.log(`${page}: ${result.violations.length} violations, ${result.passes.length} rules passed`);
  for (const v of result.violations) {
    console.log(`  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s))`);
    for (const n of v.nodes.slice(0, 3)) console.log(`    ${n.target.join(' ')}`);
  }
  if (screenshot) await tab.screenshot({ path: screenshot, fullPage: false });
  process.exitCode = result.violations.length ? 1 : 0;
} finally {
  await browser.close();
}
