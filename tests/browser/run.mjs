// The web interface in a real browser: Debian's headless Chromium driven by
// playwright-core, against `ringtrace demo` on a free loopback port.
//
// Signs in, opens the dashboard, filters the ring list, opens the largest
// ring and its graph, files a report through the form (preview, submit) and
// finds it in its ring, opens an indicator, the demo's case (the graph of
// sites, exhibits and rings) and one of its sites, switches to French. Fails on
// any console error, page error, failed request or HTTP error answer, and
// on any serious or critical axe-core violation. Saves screenshots.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const shots = path.join(here, "screenshots");
mkdirSync(shots, { recursive: true });
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const binary = process.env.RINGTRACE_BIN || path.join(root, "target/release/ringtrace");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

let passed = 0;
let failed = 0;
const problems = [];
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name} ${detail}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Starts the demo; resolves with its address and keys once it serves. */
function startDemo(port) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["demo", "--reports", "3000", "--addr", `127.0.0.1:${port}`], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`demo did not start in time:\n${out}`)), 180000);
    child.stdout.on("data", (d) => {
      out += d.toString();
      const serving = out.match(/Serving on (http:\/\/\S+)/);
      const analyst = out.match(/analyst of `[^`]+`:\s*(rt_\S+)/);
      const admin = out.match(/admin of `operator`:\s*(rt_\S+)/);
      if (serving && analyst && admin) {
        clearTimeout(timer);
        resolve({ child, base: serving[1], analyst: analyst[1], admin: admin[1] });
      }
    });
    child.stderr.on("data", (d) => {
      out += d.toString();
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code}:\n${out}`));
    });
  });
}

async function axeCheck(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help, target: v.nodes[0]?.target }));
  });
  const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of result) {
    console.log(`     axe ${name}: ${v.impact} ${v.id} (${v.nodes}) ${v.help} ${JSON.stringify(v.target)}`);
  }
  check(`axe: no serious or critical violation on ${name}`, bad.length === 0, JSON.stringify(bad));
  return result;
}

async function main() {
  const port = await freePort();
  const demo = await startDemo(port);
  const base = demo.base;
  console.log(`demo serving on ${base}`);
  const profile = mkdtempSync(path.join(os.tmpdir(), "ringtrace-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: "en-GB",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const timings = [];
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()} at ${page.url()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    const go = async (url) => {
      const t0 = Date.now();
      await page.goto(url);
      timings.push([new URL(page.url()).pathname, Date.now() - t0]);
    };
    const shot = (name, fullPage = true) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage });

    // Sign in.
    await go(`${base}/rings`);
    check("without a session, a page leads to the sign-in", page.url().includes("/sign-in"));
    await shot("sign-in", false);
    await axeCheck(page, "sign-in");
    await page.getByLabel("API key").fill(demo.analyst);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForLoadState();
    check("sign-in goes back to the page asked for", new URL(page.url()).pathname === "/rings");

    // Keyboard: the first Tab reaches the skip link.
    await go(`${base}/`);
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.className);
    check("the first Tab reaches the skip link", focused === "skip", focused);
    check("dashboard: heading", (await page.locator("h1").innerText()) === "Dashboard");
    check("dashboard: weekly chart drawn", (await page.locator("svg.chart rect.bar").count()) > 5);
    await page.evaluate(() => document.activeElement?.blur());
    await shot("dashboard");
    await axeCheck(page, "dashboard");

    // Filter the ring list.
    await page.getByRole("link", { name: "Rings", exact: true }).click();
    await page.waitForLoadState();
    const before = await page.locator("#ring-table tbody tr").count();
    await page.getByLabel("Channel").selectOption("popup");
    await page.getByLabel("Min. size").fill("3");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForLoadState();
    const after = await page.locator("#ring-table tbody tr").count();
    check("ring list: filters apply", page.url().includes("channel=popup") && after > 0 && after <= before, `${before} -> ${after}`);
    await shot("rings");
    await axeCheck(page, "ring list");

    // The largest ring and its graph.
    await go(`${base}/`);
    const ringId = (await page.locator("#largest-ring").innerText()).trim();
    await page.locator("#largest-ring").click();
    await page.waitForLoadState();
    timings.push([`ring ${ringId}`, 0]);
    check("ring page opens", page.url().endsWith(`/rings/${ringId}`));
    const circles = await page.locator("#ring-graph circle.report").count();
    const diamonds = await page.locator("#ring-graph rect.ind").count();
    check("ring graph drawn as SVG", circles > 1 && diamonds > 0, `${circles} reports, ${diamonds} indicators`);
    const vb0 = await page.locator("#ring-graph").getAttribute("viewBox");
    await page.getByRole("button", { name: "Zoom in" }).click();
    const vb1 = await page.locator("#ring-graph").getAttribute("viewBox");
    check("graph zooms (progressive script)", vb0 !== vb1, `${vb0} -> ${vb1}`);
    await page.getByRole("button", { name: "Reset" }).click();
    await shot("ring");
    await axeCheck(page, "ring page");
    await page.setViewportSize({ width: 768, height: 1024 });
    await shot("ring-tablet", false);
    await page.setViewportSize({ width: 1280, height: 800 });

    // A phone number of the ring that links (no hub badge).
    const rows = page.locator("#indicator-table tbody tr");
    let phone = null;
    for (let i = 0; i < (await rows.count()); i++) {
      const cells = rows.nth(i).locator("td");
      const kind = (await cells.nth(0).innerText()).trim();
      const notes = (await cells.nth(3).innerText()).trim();
      if (kind === "phone" && notes === "") {
        phone = (await cells.nth(1).innerText()).trim();
        break;
      }
    }
    check("the ring has a linking phone number", phone !== null);

    // File a report through the form: preview, then submit.
    await page.getByRole("link", { name: "New report" }).click();
    await page.waitForLoadState();
    const narrative = `A pop-up said my computer was blocked and to call ${phone} at once. The technician asked for remote access.`;
    await page.getByLabel("What happened (narrative)").fill(narrative);
    await page.getByLabel("Sharing (TLP)").selectOption("green");
    await page.getByLabel("Channel").selectOption("popup");
    await page.getByRole("button", { name: "Preview indicators" }).click();
    await page.waitForLoadState();
    const previewText = await page.locator("#preview-table").innerText();
    check("preview shows the extracted number before storing", previewText.includes(phone), previewText);
    await shot("report-form-preview");
    await axeCheck(page, "report form preview");
    const reference = await page.getByLabel("Your reference").inputValue();
    await page.locator("#submit-report").click();
    await page.waitForLoadState();
    const joined = (await page.locator("#report-ring").innerText()).trim();
    check("the new report joined the ring", joined === ringId, `${joined} vs ${ringId}`);
    check("its narrative is highlighted", (await page.locator("#narrative mark").count()) >= 1);
    await shot("report");
    await axeCheck(page, "report page");
    await page.locator("#report-ring a").click();
    await page.waitForLoadState();
    const members = await page.locator("#member-table").innerText();
    check("the new report is listed in its ring", members.includes(reference), reference);

    // An indicator.
    await page.locator("#indicator-table tbody tr a.value").first().click();
    await page.waitForLoadState();
    check("indicator page shows a verdict", (await page.locator("#verdict").innerText()).includes("known"));
    await shot("indicator");
    await axeCheck(page, "indicator page");

    // The search box with a ring id.
    await page.getByLabel("Search").fill(ringId.toLowerCase());
    await page.getByLabel("Search").press("Enter");
    await page.waitForLoadState();
    check("search takes a ring id", page.url().endsWith(`/rings/${ringId}`));

    // Warning list.
    await go(`${base}/warnings`);
    await shot("warnings");
    await axeCheck(page, "warning list");

    // Cases: the demo's simulated raid, its case page and a site page.
    await go(`${base}/cases`);
    check("case list shows the demo's raid", (await page.locator("#cases").innerText()).includes("Simulated raid"));
    await shot("cases", false);
    await axeCheck(page, "case list");
    await page.locator("#cases tbody a").first().click();
    await page.waitForLoadState();
    const casePath = new URL(page.url()).pathname;
    check("case page opens", /^\/cases\/C-\d{6}$/.test(casePath), casePath);
    const graph = page.locator("svg.case-graph");
    const gSites = await graph.locator("a[aria-label^='site ']").count();
    const gExhibits = await graph.locator("a[aria-label^='exhibit ']").count();
    const gRings = await graph.locator("a[aria-label^='ring ']").count();
    const gEdges = await graph.locator("line.edge").count();
    check("case graph: sites, exhibits and rings", gSites >= 2 && gExhibits >= 5 && gRings >= 1 && gEdges > gExhibits,
      `${gSites} sites, ${gExhibits} exhibits, ${gRings} rings, ${gEdges} edges`);
    const exhibitRows = page.locator("#exhibits tbody tr");
    let lit = 0;
    let dark = 0;
    for (let i = 0; i < (await exhibitRows.count()); i++) {
      const rings = await exhibitRows.nth(i).locator("td").nth(2).locator("a").count();
      if (rings > 0) lit++;
      else dark++;
    }
    check("exhibits light up rings, and the decoys do not", lit > 0 && dark > 0, `${lit} lit, ${dark} not`);
    const links = await page.locator("p.site-link").allInnerTexts();
    check("the case says which sites share a value", links.some((t) => / and site .* share /.test(t)), JSON.stringify(links.slice(0, 3)));
    await shot("case");
    await axeCheck(page, "case page");
    const siteLink = page.locator("#exhibits tbody tr").filter({ has: page.locator("td:nth-child(3) a") }).first().locator("td:nth-child(2) a");
    const siteName = (await siteLink.innerText()).trim();
    await siteLink.click();
    await page.waitForLoadState();
    const sitePath = new URL(page.url()).pathname;
    check("site page opens", sitePath.startsWith(`${casePath}/sites/`) && (await page.locator("h1").innerText()).includes(siteName), sitePath);
    check("site page: the SIM that carried a ring's number", (await page.locator("p.sim").count()) > 0);
    check("site page: other sites sharing values", (await page.locator("#site-links li").count()) > 0);
    await shot("site");
    await axeCheck(page, "site page");

    // Switch to French.
    await go(`${base}/`);
    await page.locator("#lang-switch").click();
    await page.waitForLoadState();
    const lang = await page.locator("html").getAttribute("lang");
    const h1 = await page.locator("h1").innerText();
    check("the switch turns the page French", lang === "fr" && h1 === "Tableau de bord", `${lang} ${h1}`);
    await shot("dashboard-fr");
    await axeCheck(page, "dashboard (French)");
    await go(`${base}/rings/${ringId}`);
    check("French stays on other pages", (await page.locator("#graph-h").innerText()).startsWith("Graphe"));
    await shot("ring-fr", false);
    await go(`${base}${casePath}`);
    check("the case page in French", (await page.locator("#exhibits-h").innerText()) === "Scellés"
      && (await page.locator("p.site-link").allInnerTexts()).some((t) => t.includes("ont en commun")));
    await shot("case-fr", false);
    await axeCheck(page, "case page (French)");
    await go(`${base}${sitePath}`);
    check("the site page in French", (await page.locator("#site-exhibits-h").innerText()) === "Scellés saisis ici");

    check("no console error, page error, failed request or HTTP error", problems.length === 0, "\n  " + problems.join("\n  "));
    console.log("page load times (ms, browser side):", JSON.stringify(timings));
  } finally {
    await context.close();
    demo.child.kill("SIGTERM");
    rmSync(profile, { recursive: true, force: true });
  }
}

main()
  .catch((e) => {
    console.error(e);
    failed++;
  })
  .finally(() => {
    console.log(`browser: ${passed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
  });
