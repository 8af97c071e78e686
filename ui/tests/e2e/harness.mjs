// Starts what an end-to-end test of the real app needs, all owned by the test: an Xvfb display,
// tauri-driver (which runs Debian's WebKitWebDriver), and a WebDriver session on the debug build
// of the desktop app with its own HOME, so no test sees another's plans or preferences.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "../../..");
export const appBinary = path.resolve(process.env.THROUGHLINE_APP ?? path.join(repo, "target/debug/throughline-desktop"));
const driverBinary =
  process.env.TAURI_DRIVER ??
  (existsSync(path.join(repo, "target/tauri-driver/bin/tauri-driver"))
    ? path.join(repo, "target/tauri-driver/bin/tauri-driver")
    : "tauri-driver");

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function waitFor(check, what, tries = 200) {
  return new Promise((resolve, reject) => {
    let n = 0;
    const again = async () => {
      if (await check()) return resolve();
      if (++n > tries) return reject(new Error(`gave up waiting for ${what}`));
      setTimeout(again, 50);
    };
    again();
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

function freeDisplay() {
  for (let n = 90; n < 190; n++) {
    if (!existsSync(`/tmp/.X${n}-lock`) && !existsSync(`/tmp/.X11-unix/X${n}`)) return n;
  }
  throw new Error("no free X display number between :90 and :189");
}

/**
 * A running app: `browser` is the WebDriver session; `home` the app's HOME; `stop()` ends the
 * session, the driver and the display.
 */
export async function startApp({ args = [], home = null, width = 1440, height = 900, author = "E2E Tester" } = {}) {
  if (!existsSync(appBinary)) {
    throw new Error(`${appBinary} is missing: build it with \`cargo build -p throughline-desktop\``);
  }
  const children = [];
  const display = freeDisplay();
  const xvfb = spawn("Xvfb", [`:${display}`, "-screen", "0", `${width}x${height}x24`, "-nolisten", "tcp"], {
    stdio: "ignore",
  });
  children.push(xvfb);
  await waitFor(() => existsSync(`/tmp/.X11-unix/X${display}`), "Xvfb");

  const appHome = home ?? mkdtempSync(path.join(tmpdir(), "throughline-e2e-"));
  mkdirSync(appHome, { recursive: true });
  const port = await freePort();
  const nativePort = await freePort();
  const env = {
    ...process.env,
    DISPLAY: `:${display}`,
    HOME: appHome,
    XDG_DATA_HOME: path.join(appHome, ".local/share"),
    XDG_CONFIG_HOME: path.join(appHome, ".config"),
    THROUGHLINE_AUTHOR: author,
  };
  // `author: null`: nobody has said who this is (a first launch asks).
  if (author === null) delete env.THROUGHLINE_AUTHOR;
  delete env.THROUGHLINE_TEMPLATES;
  const log = [];
  const driver = spawn(driverBinary, ["--port", String(port), "--native-port", String(nativePort)], { env });
  driver.stdout.on("data", (d) => log.push(String(d)));
  driver.stderr.on("data", (d) => log.push(String(d)));
  children.push(driver);
  // tauri-driver answers first; WebKitWebDriver behind it takes a moment longer.
  await waitFor(() => portOpen(port), "tauri-driver");
  await waitFor(() => portOpen(nativePort), "WebKitWebDriver");

  let browser;
  try {
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      connectionRetryCount: 2,
      capabilities: { "tauri:options": { application: appBinary, args } },
    });
  } catch (e) {
    for (const c of children.reverse()) c.kill();
    throw new Error(`the app did not start: ${e.message}\n${log.join("")}`, { cause: e });
  }
  const stop = async () => {
    try {
      await browser.deleteSession();
    } catch {
      // The app may already be gone; the driver and display are stopped below either way.
    }
    for (const c of [...children].reverse()) {
      c.kill("SIGTERM");
      await new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", r)));
    }
  };
  return { browser, home: appHome, stop, log };
}

/** Saves a WebDriver screenshot of the app's webview under target/e2e-screens/. */
export async function screenshot(browser, name) {
  const dir = path.join(repo, "target/e2e-screens");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  // A screenshot is for people to look at, not an assertion: on a loaded machine WebKit can take
  // minutes to paint one, and that must not fail the step it illustrates.
  try {
    writeFileSync(file, Buffer.from(await browser.takeScreenshot(), "base64"));
  } catch (e) {
    console.warn(`screenshot ${name} not taken: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  return file;
}
