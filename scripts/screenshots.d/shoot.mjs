// Screenshots of the TimeTrack dashboard and of Anna Berger's device page.
//
// Run by scripts/screenshots: node shoot.mjs <prepared.json> <output dir>.
// Drives Debian's chromium (CHROMIUM, default /usr/bin/chromium) headless
// with playwright-core, logged in by handing the frontend the tokens that
// prepare.py obtained (localStorage "hassTokens", as after a login).
import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [prepared, outDir] = process.argv.slice(2);
const { hassTokens, deviceId } = JSON.parse(readFileSync(prepared, "utf8"));
const base = hassTokens.hassUrl;

const shots = [
  {
    file: "dashboard.png",
    path: "/timetrack-dash/0",
    // Every card of the dashboard, with the states of Anna's entities.
    ready: ["hui-tile-card", "hui-entities-card", "hui-history-graph-card", "hui-logbook-card"],
    texts: ["Anna Berger", "Clocked in", "ACME / Mobile App", "Worked time", "Timer events"],
    size: { width: 1400, height: 1000 },
  },
  {
    file: "device.png",
    path: `/config/devices/device/${deviceId}`,
    ready: ["ha-device-entities-card"],
    texts: ["Anna Berger", "TimeTrack", "Attendance", "Project timer"],
    size: { width: 1400, height: 1500 },
  },
];

const userDataDir = mkdtempSync(join(tmpdir(), "timetrack-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  locale: "en-US",
  timezoneId: process.env.SCREENSHOT_TZ || "Europe/Vienna",
  colorScheme: "light",
  deviceScaleFactor: 1,
});
try {
  await context.addInitScript((tokens) => {
    window.localStorage.setItem("hassTokens", JSON.stringify(tokens));
  }, hassTokens);
  const page = context.pages()[0] ?? (await context.newPage());
  for (const shot of shots) {
    await page.setViewportSize(shot.size);
    await page.goto(base + shot.path, { waitUntil: "networkidle" });
    if (!page.url().startsWith(base + shot.path)) {
      throw new Error(`${shot.path}: ended up on ${page.url()} (not logged in?)`);
    }
    for (const selector of shot.ready) {
      await page.locator(selector).first().waitFor({ state: "visible", timeout: 60000 });
    }
    for (const text of shot.texts) {
      await page.getByText(text, { exact: false }).first().waitFor({ timeout: 30000 });
    }
    // Let graphs and relative times finish drawing.
    await page.waitForTimeout(3000);
    const errors = await page.locator("hui-error-card, hui-warning").count();
    if (errors > 0) {
      throw new Error(`${shot.path}: ${errors} card(s) show an error`);
    }
    const file = join(outDir, shot.file);
    await page.screenshot({ path: file });
    console.log(`screenshots: wrote ${file}`);
  }
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
