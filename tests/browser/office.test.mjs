// The ward office dashboard in headless Chromium against the real sotay-server with a
// demo ward: log in, read the plan's indicators, find the groups and households below
// the health-insurance target, review a household, enter a manual value, export CSV,
// print the monthly report. Screenshots go to test-artifacts/browser/office/.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import { ADMIN, artifacts, goTo, phoneFor, repoRoot, waitContent, login, noErrors, openOffice, OFFICE, screenshot, officeFixture } from "./office/harness.mjs";

// Below target: missed by a little (at_risk) or by more (not_met).
const isBelow = (status) => status === "not_met" || status === "at_risk";

const jsQR = createRequire(path.join(repoRoot, "wasm-client/web/package.json"))("jsqr");

function ed25519PublicKey() {
  const { publicKey } = generateKeyPairSync("ed25519");
  return Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url").toString("base64");
}

describe("ward office dashboard", { timeout: 300_000 }, () => {
  const fixture = officeFixture();

  it("refuses a wrong password, then logs the office user in", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    await page.goto(ward.url + "/office.html");
    await page.waitForSelector("[data-screen=login]");
    await screenshot(page, "01-login.png");
    await page.fill("#login-username", OFFICE.username);
    await page.fill("#login-password", "not-the-password");
    await page.click("[data-action=login]");
    const err = page.locator("[data-screen=login] .error");
    await err.waitFor();
    assert.equal(await err.getAttribute("data-code"), "bad_credentials");
    await login(page, ward.url);
    assert.match(await page.locator("header.top").innerText(), /vanhoa/);
  });

  it("shows every plan indicator with target, value, status text and trend", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    await goTo(page, "#/", "overview");
    await waitContent(page, ".overview-table tbody tr[data-indicator]");
    await noErrors(page, "overview");
    // The figures say which day they are true on: the server's reference date, dd/mm/yyyy.
    const answer = (await ward.api("GET", "/api/v1/indicators?period=" + (await ward.api("GET", "/api/v1/indicators")).json.period)).json;
    const [y, m, d] = answer.reference_date.split("-");
    assert.match(await page.locator("p.as-of").innerText(), new RegExp("Số liệu tính đến ngày " + d + "/" + m + "/" + y));
    const schemas = (await ward.api("GET", "/api/v1/schemas")).json;
    const ids = await page.locator(".overview-table tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.indicator));
    // Record-fed indicators first, then the office's own entries, each in plan order.
    const inOrder = [...schemas.indicators.filter((d) => d.source !== "manual"), ...schemas.indicators.filter((d) => d.source === "manual")];
    assert.deepEqual(ids, inOrder.map((d) => d.id), "one row per registry indicator, in plan order within each part");
    const items = new Set(schemas.indicators.map((d) => d.plan_item).filter((n) => n !== null));
    assert.equal(items.size, 26, "the plan's 26 numbered items are all there");

    // Indicator 12 shows the same value and status as the API, in words.
    const api = (await ward.api("GET", "/api/v1/indicators?period=2026")).json;
    const ward12 = api.values.find((v) => v.indicator === "12" && v.group_id === "");
    const row = page.locator('.overview-table tr[data-indicator="12"]');
    assert.equal(await row.locator(".badge").getAttribute("data-status"), ward12.status);
    assert.match(await row.locator(".badge").innerText(), ward12.status === "met" ? /Đạt/ : ward12.status === "not_met" ? /Chưa đạt/ : ward12.status === "at_risk" ? /Gần đạt/ : /Chưa/);
    const shown = (await row.locator("td.value").innerText()).split("\n")[0];
    assert.equal(shown, new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(ward12.value) + " %");
    assert.match(await row.innerText(), /≥ 96 %/);
    // "Needs attention" names the groups below 96 %, each a link to its households.
    const below12 = api.values.filter((v) => v.indicator === "12" && v.group_id !== "" && isBelow(v.status)).map((v) => v.group_id).sort();
    const chips = (await page.locator('.attention li[data-indicator="12"] a.chip').evaluateAll((as) => as.map((a) => a.dataset.group))).sort();
    assert.deepEqual(chips, below12);
    await screenshot(page, "02-overview.png");
  });

  it("answers: which groups keep us below 96 % health insurance, and which households", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    const started = Date.now();
    await goTo(page, "#/", "overview");
    await page.click('.overview-table tr[data-indicator="12"] a');
    await waitContent(page, "[data-screen=indicator] svg.bar-chart");
    await noErrors(page, "indicator 12");
    const api = (await ward.api("GET", "/api/v1/indicators?period=2026&group=")).json;
    const groups = api.values.filter((v) => v.indicator === "12" && v.group_id !== "");
    assert.equal(groups.length, 4);
    assert.equal(await page.locator("svg.bar-chart .bar-group").count(), 4, "one bar per group");
    assert.equal(await page.locator("svg.bar-chart .target-line").count(), 1, "the 96 % target line");
    const below = groups.filter((g) => isBelow(g.status)).map((g) => g.group_id).sort();
    const highlighted = (await page.locator(".groups-for-indicator tr.below").evaluateAll((rs) => rs.map((r) => r.dataset.group))).sort();
    assert.deepEqual(highlighted, below, "the groups below target are the highlighted ones");
    await screenshot(page, "03-indicator-12.png");

    // Groups below target come first, the lowest of them on top; then its households that fall short.
    const order = await page.locator(".groups-for-indicator tbody tr").evaluateAll((rs) => rs.map((r) => r.dataset.group));
    const expected = groups.slice().sort((x, y) => (isBelow(x.status) ? 0 : 1) - (isBelow(y.status) ? 0 : 1) || x.value - y.value)
      .map((g) => g.group_id);
    assert.deepEqual(order, expected);
    const first = page.locator(".groups-for-indicator tbody tr").first();
    const group = await first.getAttribute("data-group");
    await first.locator("a.households-link").click();
    await waitContent(page, "[data-screen=households] .households-table tbody tr");
    await page.waitForFunction(() => !/đang tính/.test(document.querySelector(".indicator-context")?.textContent ?? "x"), null, { timeout: 60_000 });
    const rows = page.locator(".households-table tbody tr");
    const n = await rows.count();
    const g = groups.find((x) => x.group_id === group);
    if (g.numerator < g.denominator) assert.ok(n > 0, "a group short of its target has households that fall short");
    for (let i = 0; i < Math.min(n, 5); i++) {
      const [num, den] = (await rows.nth(i).locator("td").last().innerText()).split(" / ").map(Number);
      assert.ok(num < den, "each listed household has someone without a valid card");
    }
    assert.ok(Date.now() - started < 60_000, "under a minute");
    await screenshot(page, "04-households-short-of-12.png");
    // The list goes to the group leader as a spreadsheet.
    const [list] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=list-csv]")]);
    const file = path.join(artifacts, `households-short-of-12-${group}.csv`);
    await list.saveAs(file);
    const csv = readFileSync(file);
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const csvLines = csv.subarray(3).toString("utf8").trim().split(/\r\n/);
    assert.match(csvLines[0], /^Chủ hộ,Địa chỉ,Tổ/);
    assert.equal(csvLines.length - 1, n, "one line per household shown");
  });

  it("sorts the group × indicator table and marks the groups that pull the ward down", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    await goTo(page, "#/groups", "groups");
    await waitContent(page, ".groups-table tbody tr[data-group]");
    await noErrors(page, "groups");
    await page.click('th[data-sort="12"] button');
    const values = await page.locator('.groups-table tbody tr[data-group] td[data-indicator="12"]').allInnerTexts();
    const nums = values.map((v) => Number(v.replace(/[^\d,.-]/g, "").replace(",", ".")));
    assert.deepEqual(nums, nums.slice().sort((a, b) => a - b), "ascending by indicator 12");
    await page.click('th[data-sort="12"] button');
    const desc = (await page.locator('.groups-table tbody tr[data-group] td[data-indicator="12"]').allInnerTexts())
      .map((v) => Number(v.replace(/[^\d,.-]/g, "").replace(",", ".")));
    assert.deepEqual(desc, nums.slice().reverse(), "a second click sorts descending");
    await screenshot(page, "05-groups.png");
  });

  it("drills down to a household, shows its history and approves it with a comment", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    await goTo(page, "#/households?group=tdp-01", "households");
    await waitContent(page, ".households-table tbody tr[data-record]");
    // Search is diacritic-insensitive on the server: take a head's name, search unaccented.
    const name = await page.locator(".households-table tbody tr a.record-link").first().innerText();
    const plain = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
    await page.fill("#household-search", plain.split(" ").slice(-2).join(" "));
    await page.click("[data-action=search]");
    await page.waitForFunction((n) => [...document.querySelectorAll(".households-table a.record-link")].some((a) => a.textContent === n), name);
    await page.locator(".households-table a.record-link", { hasText: name }).first().click();
    await waitContent(page, "[data-screen=record] .members tbody tr");
    await waitContent(page, "[data-screen=record] table.history tbody tr");
    await noErrors(page, "household");
    const id = await page.locator("[data-screen=record]").getAttribute("data-record");
    assert.ok((await page.locator(".members tbody tr").count()) > 0, "members listed");
    assert.ok((await page.locator("table.history tbody tr").count()) > 0, "history: who changed what when");
    // Each write shows when, who, and the fields it wrote (the demo ward's: the server's).
    const write = page.locator("table.history tbody tr").first();
    assert.match(await write.locator("td").nth(0).innerText(), /\d/, "when");
    assert.match(await write.locator("td").nth(1).innerText(), /Máy chủ|Server|\S/, "who");
    assert.ok((await write.locator("li[data-field]").count()) > 3, "the fields of the write");
    await page.fill("#review-comment", "Đã kiểm tra tại nhà, đúng");
    await page.click("[data-action=approve]");
    await page.waitForSelector('.review-panel[data-review-state="approved"]');
    assert.match(await page.locator(".review-panel").innerText(), /Đã duyệt[\s\S]*bởi vanhoa/);
    const rec = (await ward.api("GET", "/api/v1/records/" + id)).json;
    assert.equal(rec.review.state, "approved");
    assert.equal(rec.review.comment, "Đã kiểm tra tại nhà, đúng");
    assert.match(rec.review.by, /^(user:)?vanhoa$/, "the reviewer is the logged-in office user");
    await screenshot(page, "06-household.png");
  });

  it("enters a manual indicator value and shows who entered it when", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    await goTo(page, "#/manual?i=1", "manual");
    await waitContent(page, '.manual-entry[data-indicator="1"]');
    await page.selectOption("#manual-period", "2026-10");
    await page.fill("#manual-value", "112,5");
    await page.fill("#manual-note", "Chi cục Thuế khu vực");
    await page.click("[data-action=save-manual]");
    await waitContent(page, ".manual-entry .ok");
    await waitContent(page, ".manual-values tbody tr");
    const row = await page.locator(".manual-values tbody tr").first().innerText();
    assert.match(row, /Tháng 10\/2026/);
    assert.match(row, /112,5/);
    assert.match(row, /vanhoa/);
    const values = (await ward.api("GET", "/api/v1/indicators/1/values")).json.values;
    assert.equal(values[0].value, 112.5);
    assert.equal(values[0].period, "2026-10");
    assert.match(values[0].entered_by, /^(user:)?vanhoa$/);
    await screenshot(page, "07-manual.png");
    await goTo(page, "#/", "overview");
    await waitContent(page, '.overview-table tr[data-indicator="1"] .badge[data-status="met"]');
  });

  it("exports a group's households as CSV with a BOM and Vietnamese headers", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    await goTo(page, "#/exports", "exports");
    await page.selectOption("#export-type", "household");
    await waitContent(page, "#export-group option[value=tdp-02]", 5_000);
    await page.selectOption("#export-group", "tdp-02");
    await page.selectOption("#export-format", "csv");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export]")]);
    const file = path.join(artifacts, "export-household-tdp-02.csv");
    await download.saveAs(file);
    const bytes = readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 BOM");
    const text = bytes.subarray(3).toString("utf8");
    const lines = text.split(/\r?\n/).filter((l) => l.length);
    assert.match(lines[0], /Số nhà/, "Vietnamese labels in the header row");
    assert.match(lines[0], /Đường, phố, ngõ/);
    const groups = (await ward.api("GET", "/api/v1/groups")).json.groups;
    assert.equal(lines.length - 1, groups.find((g) => g.id === "tdp-02").households, "one row per household of the group");
    const done = page.locator(".export-done");
    await done.waitFor();
    assert.equal(Number(await done.getAttribute("data-bytes")), bytes.length, "progress counted every byte");
    await screenshot(page, "08-exports.png");

    await page.selectOption("#export-format", "xlsx");
    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export]")]);
    const xfile = path.join(artifacts, "export-household-tdp-02.xlsx");
    await xlsx.saveAs(xfile);
    assert.equal(readFileSync(xfile).subarray(0, 2).toString("latin1"), "PK", "an XLSX is a zip file");
  });

  it("downloads a list whose names look like formulas as text (the core's CSV rule, as the server's exports)", async () => {
    const { ward, office } = fixture;
    const { page } = office;
    // A leader types a head's name and a street that a spreadsheet would run as formulas.
    const leader = await phoneFor(ward, "tdp-02", "Điện thoại tổ trưởng 2");
    const house = "7f3e2a10-0c4b-4d6e-8f10-1a2b3c4d5e6f";
    const head = "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5";
    const name = '=HYPERLINK("http://attacker.example","Bấm")';
    const pushed = await leader.push([
      { record_id: house, record_type: "household", group_id: "tdp-02", parent_id: null, field: "address_street", value: "@SUM(A1)", base_hlc: null },
      { record_id: house, record_type: "household", group_id: "tdp-02", parent_id: null, field: "address_number", value: "+12", base_hlc: null },
      { record_id: head, record_type: "person", group_id: "tdp-02", parent_id: house, field: "full_name", value: name, base_hlc: null },
      { record_id: head, record_type: "person", group_id: "tdp-02", parent_id: house, field: "relationship", value: "head", base_hlc: null },
    ]);
    assert.ok(pushed.every((r) => r.status === "applied"), JSON.stringify(pushed));
    await goTo(page, "#/households?group=tdp-02&q=HYPERLINK", "households");
    await waitContent(page, ".households-table tbody tr");
    assert.equal(await page.locator(".households-table tbody tr").count(), 1, "the search finds the one household");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=list-csv]")]);
    const file = path.join(artifacts, "households-formula-names.csv");
    await download.saveAs(file);
    const csv = readFileSync(file);
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with a BOM");
    const lines = csv.subarray(3).toString("utf8").trim().split("\r\n");
    assert.equal(lines.length, 2);
    // The name is quoted (it holds commas and quotes) and starts with an apostrophe; so
    // does the address that starts with "+": no cell starts with = + - @.
    assert.ok(lines[1].startsWith(`"'=HYPERLINK(""http://attacker.example"",""Bấm"")"`), lines[1]);
    for (const cell of lines[1].match(/("([^"]|"")*"|[^,]*)/g).filter((c) => c !== "")) {
      assert.doesNotMatch(cell.replace(/^"/, ""), /^[=+\-@]/, `no cell runs as a formula: ${cell}`);
    }
    assert.match(lines[1], /'(\+12|@SUM)/, "the address is neutralised too");
  });

  it("prints the monthly report on A4 and downloads it as CSV", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    // This month: a period still running, whose record-fed values are the year so far.
    const month = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 7);
    const [year, mm] = month.split("-");
    await goTo(page, `#/report?kind=month&period=${month}`, "report");
    await waitContent(page, ".report-table tbody tr");
    await noErrors(page, "report");
    const api = (await ward.api("GET", `/api/v1/report?period=${month}&format=json`)).json;
    assert.equal(await page.locator(".report-table tbody tr").count(), api.rows.length);
    assert.match(await page.locator(".report-doc .doc-title").innerText(), new RegExp(`THÁNG ${Number(mm)}/${year}`));
    // The paper says which period the values are of.
    assert.match(await page.locator(".report-doc .doc-note").innerText(), new RegExp(`lũy kế năm ${year} tính đến ngày`));
    const row12 = page.locator('.report-table tr[data-indicator="12"] td.as-of');
    assert.equal(await row12.getAttribute("data-basis"), "records");
    assert.match(await row12.innerText(), new RegExp(`cả năm ${year} đến \\d{2}/\\d{2}/\\d{4}`));
    await screenshot(page, "09-report.png");
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("header.top").isVisible(), false, "no navigation on paper");
    assert.equal(await page.locator("[data-action=print]").isVisible(), false, "no buttons on paper");
    assert.ok(await page.locator(".report-table").isVisible());
    await screenshot(page, "10-report-print.png");
    await page.pdf({ path: path.join(artifacts, "report-month.pdf"), format: "A4", printBackground: true });
    await page.emulateMedia({ media: "screen" });
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=report-csv]")]);
    const file = path.join(artifacts, "report-month.csv");
    await download.saveAs(file);
    const bytes = readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 BOM");
    assert.match(bytes.toString("utf8"), /Bảo hiểm y tế/);
  });

  it("resolves a conflict between two phones and lists a rejected change with its reason", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    // Two leaders' phones edit the same house number from the same starting version.
    const list = (await ward.api("GET", "/api/v1/records?type=household&group=tdp-03&limit=1")).json.records;
    const id = list[0].id;
    const before = (await ward.api("GET", "/api/v1/records/" + id)).json.record.fields.address_number;
    const a = await phoneFor(ward, "tdp-03", "Điện thoại tổ trưởng 3");
    const b = await phoneFor(ward, "tdp-03", "Điện thoại tổ phó 3");
    const change = { record_id: id, record_type: "household", group_id: "tdp-03", parent_id: null, field: "address_number" };
    assert.equal((await a.push([{ ...change, value: "12A", base_hlc: before?.hlc ?? null }]))[0].status, "applied");
    assert.equal((await b.push([{ ...change, value: "12B", base_hlc: before?.hlc ?? null }]))[0].status, "conflict");
    const bad = await b.push([{ ...change, field: "floor_area_m2", value: "rộng lắm", base_hlc: null }]);
    assert.equal(bad[0].status, "rejected");

    // Rows read as the office speaks: field labels, the household, the device's name.
    const forms = (await ward.api("GET", "/api/v1/schemas")).json.schemas;
    const labelOf = (name) => forms.find((f) => f.id === "household").fields.find((f) => f.name === name).label.vi;
    await goTo(page, "#/review", "review");
    const row = page.locator("table.conflicts tr[data-conflict]").filter({ hasText: labelOf("address_number") });
    await waitContent(page, "table.conflicts tr[data-conflict]");
    await noErrors(page, "review: conflicts");
    assert.equal(await row.count(), 1);
    const rowText = await row.innerText();
    assert.match(rowText, /12B[\s\S]*12A/, "the value in use, then the overwritten one");
    if (list[0].summary.head_name) assert.ok(rowText.includes(list[0].summary.head_name), "the household's head is named: " + rowText);
    assert.ok(rowText.includes("Điện thoại tổ trưởng 3"), "the overwritten value's phone is named");
    assert.ok(!rowText.includes("address_number") && !rowText.includes(id.slice(0, 8)), "no raw field name or record id");
    await screenshot(page, "11-review-conflicts.png");
    await row.locator("input[type=radio]").nth(1).check();
    await row.locator("input[type=text]").fill("Tổ trưởng xác nhận số nhà 12A");
    await row.locator("[data-action=resolve]").click();
    await page.waitForFunction(() => !document.querySelector("table.conflicts tr[data-conflict]"), null, { timeout: 15_000 });
    const after = (await ward.api("GET", "/api/v1/records/" + id)).json.record.fields.address_number;
    assert.equal(after.value, "12A", "the office's choice is written back");
    const conflicts = (await ward.api("GET", "/api/v1/conflicts")).json.conflicts;
    assert.ok(conflicts.some((c) => c.record_id === id && c.resolved), "the conflict is marked resolved");

    await goTo(page, "#/review?tab=quarantine", "review");
    await waitContent(page, "table.quarantine tr[data-quarantine]");
    await noErrors(page, "review: quarantine");
    const q = page.locator("table.quarantine tr[data-quarantine]").filter({ hasText: labelOf("floor_area_m2") });
    assert.equal(await q.count(), 1);
    assert.equal(await q.getAttribute("data-code"), bad[0].code);
    const qText = await q.innerText();
    assert.match(qText, /Giá trị sai kiểu|Lý do khác|không hợp lệ|ngoài khoảng/, "the reason in Vietnamese words: " + qText);
    assert.ok(!qText.includes("Lý do khác"), "a known code has its own words (" + bad[0].code + ")");
    assert.ok(qText.includes("Điện thoại tổ phó 3"), "the sending phone is named");
    assert.ok(!qText.includes("floor_area_m2"), "no raw field name");
    await screenshot(page, "11b-review-quarantine.png");
  });

  it("shows the cultural-family posting list", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    // A leader clears the ward's decision of one recognised family of tdp-01: its status is
    // the core's (derived from the answers), so the server makes it "proposed" again.
    const fam = (await ward.api("GET", "/api/v1/cultural-families?period=2026&group=tdp-01")).json.families
      .find((f) => f.status === "recognised");
    const hh = (await ward.api("GET", "/api/v1/records/" + fam.household_id)).json;
    const assessment = hh.children.find((c) => c.type === "assessment.cultural_family" && c.fields.period?.value === 2026);
    const leader = await phoneFor(ward, "tdp-01", "Điện thoại tổ trưởng 1");
    const pushed = await leader.push([{ record_id: assessment.id, record_type: "assessment.cultural_family", group_id: "tdp-01",
                                        parent_id: fam.household_id, field: "decision_date", value: null,
                                        base_hlc: assessment.fields.decision_date.hlc }]);
    assert.equal(pushed[0].status, "applied");
    await goTo(page, "#/cultural?group=tdp-01", "cultural");
    await waitContent(page, ".posting[data-group=tdp-01]");
    await noErrors(page, "cultural families");
    const api = (await ward.api("GET", "/api/v1/cultural-families?period=2026&group=tdp-01")).json;
    const proposed = api.families.filter((f) => f.status === "proposed").length;
    assert.equal(proposed, 1);
    assert.match(await page.locator(".posting table.families tbody").innerText(), new RegExp(fam.head_name));
    assert.equal(await page.locator(".posting table.families tbody tr[data-household]").count(), proposed);
    await page.selectOption("#cultural-which", "all");
    await page.waitForFunction((n) => document.querySelectorAll(".posting table.families tr[data-household]").length === n,
                               api.families.length);
    assert.ok(api.families.length > 0, "the demo ward has cultural families in tdp-01");
    await page.selectOption("#cultural-which", "proposed");
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("header.top").isVisible(), false);
    await page.pdf({ path: path.join(artifacts, "cultural-families-tdp-01.pdf"), format: "A4" });
    await page.emulateMedia({ media: "screen" });
    await screenshot(page, "12-cultural.png");
  });

  it("lets an admin make an enrollment code shown as a QR code and revoke a device", async () => {
    const { ward, browser, office } = fixture;
    const admin = await openOffice(browser, "admin");
    try {
      const { page } = admin;
      await login(page, ward.url, ADMIN);
      await goTo(page, "#/admin", "admin");
      await page.locator(".enroll-codes label.inline", { hasText: "Tổ dân phố" }).first().locator("input").check();
      await page.click(".enroll-codes button[type=submit]");
      const qr = page.locator(".enroll-card svg.qr");
      await qr.waitFor();
      const code = await qr.getAttribute("data-qr");
      assert.ok(code && code.length >= 6);
      assert.equal(await page.locator(".enroll-card .code").innerText(), code);
      // The drawn QR code reads back as the code (decoded with jsQR from its pixels).
      const pixels = await page.evaluate(async () => {
        const svg = document.querySelector(".enroll-card svg.qr");
        const img = new Image();
        img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(svg));
        await img.decode();
        const canvas = document.createElement("canvas");
        canvas.width = 300;
        canvas.height = 300;
        const ctx = canvas.getContext("2d");
        ctx.drawImage(img, 0, 0, 300, 300);
        return Array.from(ctx.getImageData(0, 0, 300, 300).data);
      });
      const read = jsQR(Uint8ClampedArray.from(pixels), 300, 300);
      assert.ok(read, "the QR code can be read");
      assert.equal(read.data, code);
      // The code works: a phone enrolls with it, and the admin revokes that phone.
      const enroll = await fetch(ward.url + "/api/v1/enroll", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ code, device_name: "Điện thoại tổ 1", public_key: ed25519PublicKey() }),
      });
      assert.equal(enroll.status, 201);
      const { device_id } = await enroll.json();
      await screenshot(page, "13-admin.png");
      await page.reload();
      await page.waitForFunction(() => document.body.dataset.ready === "1");
      await goTo(page, "#/admin", "admin");
      const row = page.locator(`tr[data-device="${device_id}"]`);
      await row.waitFor();
      page.once("dialog", (d) => d.accept());
      await row.locator("button").click();
      await page.waitForSelector(`tr[data-device="${device_id}"].revoked`);
      const devices = (await ward.api("GET", "/api/v1/devices", null, ADMIN)).json.devices;
      assert.ok(devices.find((d) => d.device_id === device_id).revoked_ms > 0);
    } finally {
      await admin.context.close();
    }
  });

  it("reads in English too", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    await goTo(page, "#/", "overview");
    await page.click("[data-action=lang]");
    try {
      await page.waitForFunction(() => /The plan for 2026/.test(document.querySelector("[data-screen=overview] h1")?.textContent ?? ""));
      // Whatever the demo's value, its status reads in English.
      const badge = await page.locator('.overview-table tr[data-indicator="12"] .badge').innerText();
      assert.match(badge, /^\W*(Met|At risk|Not met|No data|No target)$/);
      await screenshot(page, "14-overview-english.png", false);
    } finally {
      // Back to Vietnamese even when a check failed, so the next tests see the default.
      await page.click("[data-action=lang]");
    }
    await page.waitForFunction(() => /Kế hoạch năm 2026/.test(document.querySelector("[data-screen=overview] h1")?.textContent ?? ""));
  });

  it("fits a phone screen without sideways scrolling of the page", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    await page.setViewportSize({ width: 390, height: 800 });
    try {
      for (const [hash, screen] of [["#/", "overview"], ["#/indicator/12", "indicator"], ["#/households?group=tdp-01", "households"]]) {
        await goTo(page, hash, screen);
        await page.waitForTimeout(300);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 392, `${screen}: page is ${width}px wide on a 390px screen`);
      }
      await goTo(page, "#/", "overview");
      await waitContent(page, ".overview-table tbody tr");
      await screenshot(page, "15-overview-phone.png", false);
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  it("an office (not admin) account does not see the admin section", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    assert.equal(await page.locator("header.top [data-nav=admin]").count(), 0);
    assert.deepEqual(office.log, [], "no script errors in the browser");
  });
});
