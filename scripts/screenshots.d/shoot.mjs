// Screenshots of the TimeTrack dashboard, of Anna Berger's device page and of
// her work calendar.
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

// What no picture may show: an entity that is missing or without a state, or
// a statistics graph without data.
const unwanted = ["Entity not available", "Unavailable", "Unknown", "No statistics found"];

const shots = [
  {
    file: "dashboard.png",
    path: "/timetrack-dash/0",
    // Every card of the dashboard, with the states of Anna's entities. The
    // view has at most 3 columns: "Past work" wraps below, so the picture is
    // as tall as the page.
    ready: [
      "hui-tile-card",
      "hui-entities-card",
      "hui-history-graph-card",
      "hui-logbook-card",
      "hui-statistics-graph-card ha-chart-base",
      "hui-calendar-card .fc-event",
    ],
    texts: [
      "Anna Berger",
      "Clocked in",
      "ACME / Mobile App",
      "Worked time",
      "Timer events",
      "Worked hours per day",
    ],
    size: { width: 1600, height: 1000 },
    fullHeight: true,
  },
  {
    file: "device.png",
    path: `/config/devices/device/${deviceId}`,
    ready: ["ha-device-entities-card"],
    texts: ["Anna Berger", "TimeTrack", "Attendance", "Project timer"],
    size: { width: 1400, height: 1500 },
  },
  {
    file: "calendar.png",
    path: "/calendar",
    // The calendar panel's week view, on last week: a full working week of
    // attendance and project time entries (the current one has just begun).
    ready: ["ha-full-calendar"],
    async show(page) {
      const calendar = page.locator("ha-full-calendar");
      await calendar.locator('ha-button[value="dayGridWeek"]').click();
      await calendar.locator("ha-icon-button-prev").click();
      await calendar.locator(".fc-event").nth(9).waitFor({ timeout: 30000 });
    },
    texts: ["Anna Berger Work", "Attendance", "ACME / Website"],
    size: { width: 1800, height: 620 },
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
    if (shot.show) {
      await shot.show(page);
    }
    for (const text of shot.texts) {
      await page.getByText(text, { exact: false }).first().waitFor({ timeout: 30000 });
    }
    if (shot.fullHeight) {
      // A viewport as tall as the page (rather than a full-page shot, which
      // leaves the fixed sidebar at the first screen's height).
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      if (height > shot.size.height) {
        await page.setViewportSize({ width: shot.size.width, height });
      }
    }
    // No hover or focus left on a button that was clicked.
    await page.mouse.move(shot.size.width / 2, 10);
    await page.evaluate(() => document.activeElement?.blur());
    // Let graphs and relative times finish drawing.
    await page.waitForTimeout(3000);
    const errors = await page.locator("hui-error-card, hui-warning").count();
    if (errors > 0) {
      throw new Error(`${shot.path}: ${errors} card(s) show an error`);
    }
    for (const text of unwanted) {
      if (await page.getByText(text, { exact: false }).filter({ visible: true }).count()) {
        throw new Error(`${shot.path}: the page shows "${text}"`);
      }
    }
    const file = join(outDir, shot.file);
    await page.screenshot({ path: file });
    console.log(`screenshots: wrote ${file}`);
  }
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
