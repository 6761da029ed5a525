// The ward office's reports and screens as older staff read and print them (issue 17,
// items 8–11): a report titled with its period that shows that period's values and is
// signed with the preparer's full name on as few A4 pages as it needs; indicators on one
// scale with the record-fed ones first; exports that name households and groups; and
// every main screen free of serious accessibility faults, in large enough type.
// Screenshots go to test-artifacts/browser/office/.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ADMIN, artifacts, goTo, login, noErrors, officeFixture, OFFICE, screenshot, waitContent } from "./office/harness.mjs";
import { seriousA11yViolations } from "./harness.mjs";

const FULL_NAME = "Phạm Thị Hoa";

// Today in Vietnam (UTC+7), as the server dates things: "2026-12-07".
function vietnamToday() {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

// The month before this one, "YYYY-MM": a period that has ended.
function lastMonth() {
  const [y, m] = vietnamToday().split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

// Rows of a CSV file (RFC 4180: quoted fields, doubled quotes, CRLF).
function parseCsv(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; }
    else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// Pages of a PDF as Chromium writes them: one "/Type /Page" object per page.
function pdfPages(bytes) {
  return (bytes.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

describe("office reports, indicators, exports and accessibility (issue 17, items 8–11)", { timeout: 400_000 }, () => {
  const fixture = officeFixture();

  it("lets the admin give the office user a full name, which the report is signed with", async () => {
    const { ward, office } = fixture;
    const { page } = office;
    await login(page, ward.url, ADMIN);
    await goTo(page, "#/admin", "admin");
    const row = page.locator(`.users-table tr[data-user="${OFFICE.username}"]`);
    await row.waitFor();
    await row.locator("[data-action=edit-full-name]").click();
    await row.locator("input.full-name-input").fill(FULL_NAME);
    await row.locator("[data-action=save-full-name]").click();
    await page.locator(`.users-table tr[data-user="${OFFICE.username}"] td.full-name`, { hasText: FULL_NAME }).waitFor();
    const users = (await ward.api("GET", "/api/v1/admin/users", null, ADMIN)).json.users;
    assert.equal(users.find((u) => u.username === OFFICE.username).full_name, FULL_NAME);
    assert.deepEqual(await seriousA11yViolations(page), [], "users screen");
    await screenshot(page, "reports-01-users.png");
    await page.click("[data-action=logout]");
    await page.waitForSelector("[data-screen=login]");
  });

  it("item 8: a running month says so and is signed; an ended month shows that month's values", async () => {
    const { ward, office } = fixture;
    const { page } = office;
    await login(page, ward.url);
    const today = vietnamToday();
    const [y, m, d] = today.split("-");
    const month = today.slice(0, 7);
    await goTo(page, `#/report?kind=month&period=${month}`, "report");
    await waitContent(page, ".report-table tbody tr");
    await noErrors(page, "report");
    const doc = page.locator(".report-doc");
    assert.equal(await doc.getAttribute("data-ended"), "0");
    assert.match(await doc.locator(".doc-title").innerText(), new RegExp(`THÁNG ${Number(m)}/${y}`), "the period is in the title");
    assert.match(await doc.locator(".doc-sub").innerText(), new RegExp(`Kỳ chưa kết thúc — số liệu đến ngày ${d}/${m}/${y}`));
    assert.equal(await doc.locator(".doc-place-date").innerText(), `Kiến An, ngày ${d} tháng ${m} năm ${y}`);
    assert.equal(await doc.locator(".preparer").innerText(), FULL_NAME);
    assert.match(await page.locator('.report-table tr[data-indicator="12"] td.as-of').innerText(), new RegExp(`cả năm ${y} đến ${d}/${m}/${y}`));
    // A change from a small base shows the counts it compares, not "+500 %".
    const running = (await ward.api("GET", `/api/v1/report?period=${month}`)).json;
    const r8b = running.rows.find((r) => r.indicator === "8b");
    const cell8b = await page.locator('.report-table tr[data-indicator="8b"] td.num').innerText();
    if (typeof r8b.denominator === "number" && r8b.denominator < 20) {
      assert.equal(cell8b, `kỳ trước ${r8b.denominator}, nay ${r8b.numerator}`);
    }
    assert.deepEqual(await seriousA11yViolations(page), [], "report screen");
    await screenshot(page, "reports-02-running-month.png");

    // An ended month: its own values (kept at its end), never today's year-to-date.
    const past = lastMonth();
    const [py, pm] = past.split("-");
    await goTo(page, `#/report?kind=month&period=${past}`, "report");
    await page.waitForSelector(`.report-doc[data-period="${past}"]`);
    assert.equal(await page.locator(".report-doc").getAttribute("data-ended"), "1");
    assert.match(await page.locator(".report-doc .doc-title").innerText(), new RegExp(`THÁNG ${Number(pm)}/${py}`));
    const api = (await ward.api("GET", `/api/v1/report?period=${past}`)).json;
    const row12 = api.rows.find((r) => r.indicator === "12");
    assert.equal(row12.basis, "snapshot");
    const cell = page.locator('.report-table tr[data-indicator="12"] td.as-of');
    assert.equal(await cell.getAttribute("data-basis"), "snapshot");
    assert.equal(await cell.innerText(), `cuối tháng ${Number(pm)}/${py}`);
    const todays = (await ward.api("GET", `/api/v1/indicators?period=${y}`)).json.values.find((v) => v.indicator === "12" && v.group_id === "");
    const shown = await page.locator('.report-table tr[data-indicator="12"] td.num').innerText();
    const fmt = (v) => v === null ? "—" : new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(v) + " %";
    assert.equal(shown, fmt(row12.value), "the value kept at the end of that month");
    if (row12.value === null) assert.notEqual(shown, fmt(todays.value), "not today's year-to-date value");
    assert.match(await page.locator(".report-doc .doc-note").innerText(), /Kỳ đã kết thúc/);
    await screenshot(page, "reports-03-ended-month.png");
  });

  it("item 8: the report's CSV is the screen's document: plan numbers, Vietnamese values, the period, a readable name", async () => {
    const { ward, office } = fixture;
    const { page } = office;
    const today = vietnamToday();
    const [y, m, d] = today.split("-");
    const month = today.slice(0, 7);
    await goTo(page, `#/report?kind=month&period=${month}`, "report");
    await waitContent(page, ".report-table tbody tr");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=report-csv]")]);
    assert.equal(download.suggestedFilename(), `bao-cao-thang-${Number(m)}-${y}.csv`, "a name a person understands");
    const file = path.join(artifacts, download.suggestedFilename());
    mkdirSync(artifacts, { recursive: true });
    await download.saveAs(file);
    const bytes = readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with a BOM, for Excel");
    const rows = parseCsv(bytes.subarray(3).toString("utf8"));
    const api = (await ward.api("GET", `/api/v1/report?period=${month}`)).json;
    // The title rows: the ward, the plan's year, the period, how far the figures go.
    assert.deepEqual(rows[0], [`UBND ${api.ward}`]);
    assert.deepEqual(rows[1], [`BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH NĂM ${y}`]);
    assert.deepEqual(rows[2], [`Kỳ báo cáo: Tháng ${Number(m)}/${y}`]);
    assert.deepEqual(rows[3], [`Kỳ chưa kết thúc — số liệu đến ngày ${d}/${m}/${y}`]);
    assert.match(rows[4][0], new RegExp(`lũy kế năm ${y} tính đến ngày ${d}/${m}/${y}`), "the note's dates as dd/mm/yyyy");
    const head = rows.findIndex((r) => r[0] === "Số");
    assert.deepEqual(rows[head], ["Số", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Số liệu của", "Đánh giá", "Tổ chưa đạt"]);
    const body = rows.slice(head + 1, head + 1 + api.rows.length);
    assert.equal(body.length, 39);
    // Row by row, what the screen shows (the server writes the CSV, the office the screen).
    const screen = await page.locator(".report-table tbody tr").evaluateAll((trs) => trs.map((tr) => {
      const td = [...tr.querySelectorAll("td")];
      return [td[0].innerText, td[1].innerText, td[2].innerText, td[3].innerText, td[4].innerText,
        td[5].querySelector(".badge").lastChild.textContent, td[6].innerText];
    }));
    const safe = (text) => (/^[=+\-@]/.test(text) ? "'" + text : text);
    body.forEach((r, i) => assert.deepEqual(r, screen[i].map(safe), `row ${i + 1} as on the screen`));
    const numbers = body.map((r) => r[0]);
    assert.ok(numbers.includes("8a") && numbers.includes("8b") && numbers.includes("12"), "the plan's numbers: " + numbers.join(" "));
    for (const n of numbers) assert.match(n, /^(\d{1,2}[a-c]?)?$/, `only the plan's numbers: "${n}"`);
    const values = body.map((r) => r[3]).join("\n");
    assert.doesNotMatch(values, /\d\.\d(?!\d\d)/, "no decimal point, a decimal comma");
    assert.doesNotMatch(body.map((r) => r.join(",")).join("\n"), /percent|households|digital\.|poverty\.|\bmet\b|not_met|tdp-/, "no internal codes");
    const r12 = api.rows.find((r) => r.indicator === "12");
    const fmt = (v) => new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(v) + " %";
    assert.equal(body.find((r) => r[0] === "12")[3], r12.value === null ? "—" : fmt(r12.value));
    assert.ok(rows.some((r) => r[0] === `Kiến An, ngày ${d} tháng ${m} năm ${y}`), "the place and date");
    assert.ok(rows.some((r) => r[0] === `Người lập báo cáo: ${FULL_NAME}`), "signed by the preparer");
  });

  it("item 8: prints on A4 in two pages, plan numbers only, names never squeezed", async () => {
    const { ward, office } = fixture;
    const { page } = office;
    const month = vietnamToday().slice(0, 7);
    await goTo(page, `#/report?kind=month&period=${month}`, "report");
    await waitContent(page, ".report-table tbody tr");
    const rows = await page.locator(".report-table tbody tr").count();
    assert.equal(rows, 39, "all 39 indicators");
    await page.emulateMedia({ media: "print" });
    try {
      const numbers = await page.locator(".report-table td.no").allInnerTexts();
      for (const n of numbers) assert.match(n, /^(\d{1,2}[a-c]?)?$/, `only the plan's numbers in the number column, not "${n}"`);
      const widths = await page.locator(".report-table tbody tr:first-child td").evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().width));
      const total = widths.reduce((a, b) => a + b, 0);
      assert.ok(widths[1] / total >= 0.27, `the indicator names keep their width (${widths.map(Math.round).join(", ")})`);
      for (const w of widths) assert.ok(w >= 30, "no column squeezed to nothing: " + widths.map(Math.round).join(", "));
      const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
      mkdirSync(artifacts, { recursive: true });
      writeFileSync(path.join(artifacts, "reports-report-a4.pdf"), pdf);
      // What the paper holds, at the A4 text width (about 690 px).
      await page.setViewportSize({ width: 690, height: 1000 });
      await screenshot(page, "reports-04-print.png");
      const pages = pdfPages(pdf);
      assert.ok(pages >= 1 && pages <= 2, `39 rows and the signatures on at most 2 A4 pages, got ${pages}`);
    } finally {
      await page.emulateMedia({ media: "screen" });
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  it("item 9: record-fed indicators first, on one 0–100 % scale against their target; manual ones folded", async () => {
    const { ward, office } = fixture;
    const { page } = office;
    await page.setViewportSize({ width: 1366, height: 768 });
    await goTo(page, "#/", "overview");
    await waitContent(page, ".records-table tbody tr[data-indicator]");
    await noErrors(page, "overview");
    const api = (await ward.api("GET", "/api/v1/indicators")).json;
    const computed = api.indicators.filter((d) => d.source === "records").map((d) => d.id);
    const manual = api.indicators.filter((d) => d.source === "manual").map((d) => d.id);
    assert.deepEqual(await page.locator(".records-table tbody tr").evaluateAll((rs) => rs.map((r) => r.dataset.indicator)), computed);
    assert.deepEqual(await page.locator(".manual-table tbody tr").evaluateAll((rs) => rs.map((r) => r.dataset.indicator)), manual);
    assert.equal(await page.locator("details.manual-part").evaluate((d) => d.open), false, "the manual rows are folded");
    assert.equal(await page.locator('.manual-table tr[data-indicator="1"]').isVisible(), false);
    assert.match(await page.locator("details.manual-part summary").innerText(), new RegExp(`\\(${manual.length}\\)`));
    // The first record-fed rows are above the fold of a 1366×768 screen.
    const firstRow = await page.locator(".records-table tbody tr").first().boundingBox();
    assert.ok(firstRow && firstRow.y + firstRow.height <= 768, "the first record-fed row is on the first screen: y=" + firstRow?.y);
    // No one-dot sparkline; a bar per percentage on the one 0–100 % scale, with the target.
    assert.equal(await page.locator("svg.spark").count(), 0);
    const ward12 = api.values.find((v) => v.indicator === "12" && v.group_id === "");
    const bar = page.locator('.records-table tr[data-indicator="12"] svg.target-bar');
    const geometry = await bar.evaluate((svg) => ({
      track: Number(svg.querySelector(".track").getAttribute("width")),
      fill: Number(svg.querySelector(".fill").getAttribute("width")),
      target: Number(svg.querySelector(".target").getAttribute("x1")),
      label: svg.getAttribute("aria-label"),
    }));
    assert.ok(Math.abs(geometry.fill / geometry.track - ward12.value / 100) < 0.02, "the bar is the value on 0–100 %");
    assert.ok(Math.abs((geometry.target - 1) / geometry.track - 0.96) < 0.02, "the tick is the 96 % target on the same scale");
    assert.match(geometry.label, /Bảo hiểm y tế: .* %, mục tiêu ≥ 96 %/);
    const ward8b = api.values.find((v) => v.indicator === "8b" && v.group_id === "");
    if (typeof ward8b.denominator === "number" && ward8b.denominator < 20) {
      assert.equal(await page.locator('.records-table tr[data-indicator="8b"] td.value').innerText(),
                   `kỳ trước ${ward8b.denominator}, nay ${ward8b.numerator}`, "counts, not a percentage of a tiny base");
    }
    // No internal ids anywhere on the screen; numbers in Vietnamese.
    const text = await page.locator("main").innerText();
    assert.doesNotMatch(text, /digital\.|poverty\.|online_service/, "no internal ids in labels");
    assert.deepEqual(await seriousA11yViolations(page), [], "overview");
    await screenshot(page, "reports-05-overview.png", false);

    // A ward-level ratio per group (10: one record per group) reads as a title, never "0 %".
    await goTo(page, "#/groups", "groups");
    await waitContent(page, '.groups-table td[data-indicator="10"]');
    for (const cell of await page.locator('.groups-table tbody tr[data-group] td[data-indicator="10"]').allInnerTexts()) {
      assert.match(cell, /^(Đã công nhận|Chưa công nhận|—)$/, `group cell of indicator 10: "${cell}"`);
    }
    assert.deepEqual(await seriousA11yViolations(page), [], "groups");

    // The indicator page: labelled monthly points with the target line; no id in the crumbs.
    await goTo(page, "#/indicator/digital.online_service", "indicator");
    await waitContent(page, "[data-screen=indicator] svg.trend-chart");
    assert.doesNotMatch(await page.locator("main").innerText(), /digital\.|online_service/);
    await goTo(page, "#/indicator/12", "indicator");
    await waitContent(page, "[data-screen=indicator] svg.trend-chart .point-value");
    const points = await page.locator("svg.trend-chart .point-value").allTextContents();
    assert.ok(points.length >= 1 && points.every((p) => /^\d+(,\d)?$/.test(p)), "each point labelled in Vietnamese digits: " + points.join(" "));
    assert.equal(await page.locator("svg.trend-chart .target-line text").textContent(), "Mục tiêu 96");
    assert.deepEqual(await seriousA11yViolations(page), [], "indicator 12");
    await screenshot(page, "reports-06-indicator.png");
  });

  it("item 9: a household's dates and numbers as Vietnamese write them", async () => {
    const { ward, office } = fixture;
    const { page } = office;
    const list = (await ward.api("GET", "/api/v1/records?type=household&limit=1")).json.records;
    await goTo(page, "#/record/" + list[0].id, "record");
    await waitContent(page, "table.members tbody tr");
    const born = await page.locator("table.members tbody tr td:nth-child(3)").allInnerTexts();
    assert.ok(born.length > 0);
    for (const b of born) assert.match(b, /^(\d{2}\/\d{2}\/\d{4}|—)$/, "date of birth dd/mm/yyyy: " + b);
    const text = await page.locator("main").innerText();
    assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b/, "no ISO dates on the household page");
    assert.deepEqual(await seriousA11yViolations(page), [], "household");
    await goTo(page, "#/households", "households");
    await waitContent(page, ".households-table tbody tr");
    assert.deepEqual(await seriousA11yViolations(page), [], "household list");
  });

  it("item 10: exports start at households; members carry address, head, group name and real dates; one workbook", async () => {
    const { ward, office } = fixture;
    const { page } = office;
    await goTo(page, "#/exports", "exports");
    await waitContent(page, "#export-group option[value=tdp-02]", 5_000);
    assert.equal(await page.locator("#export-type").inputValue(), "household", "households by default");
    const options = await page.locator("#export-type option").allInnerTexts();
    for (const o of options) assert.doesNotMatch(o, /assessment\.|household|person/, "no internal ids in the type list: " + o);
    const today = vietnamToday();

    await page.selectOption("#export-type", "person");
    await page.selectOption("#export-group", "tdp-02");
    await page.selectOption("#export-format", "csv");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export]")]);
    assert.equal(download.suggestedFilename(), `nhan-khau_to-dan-pho-so-2_${today}.csv`);
    const file = path.join(artifacts, download.suggestedFilename());
    await download.saveAs(file);
    const lines = readFileSync(file).subarray(3).toString("utf8").split(/\r?\n/).filter((l) => l);
    assert.match(lines[0], /^Tổ dân phố,Địa chỉ,Chủ hộ,Họ và tên,/);
    assert.match(lines[0], /,Mã hồ sơ,Mã hộ$/);
    const groupName = (await ward.api("GET", "/api/v1/groups")).json.groups.find((g) => g.id === "tdp-02").name;
    const first = lines[1];
    assert.ok(first.startsWith(groupName + ","), "the group by its name: " + first.slice(0, 60));
    assert.doesNotMatch(lines.slice(1).join("\n"), /\b\d{4}-\d{2}-\d{2}\b/, "dates as dd/mm/yyyy");
    assert.match(lines.slice(1).join("\n"), /\b\d{2}\/\d{2}\/\d{4}\b/);
    // Every member row names a household: an address or a head.
    for (const l of lines.slice(1, 20)) assert.match(l, /^[^,]+,("[^"]*"|[^,]*),[^,]+,/, "address and head: " + l.slice(0, 80));

    await page.selectOption("#export-type", "all");
    assert.equal(await page.locator("#export-format").inputValue(), "xlsx");
    const [book] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export]")]);
    assert.equal(book.suggestedFilename(), `so-lieu-tat-ca_to-dan-pho-so-2_${today}.xlsx`);
    const bfile = path.join(artifacts, book.suggestedFilename());
    await book.saveAs(bfile);
    const zip = readFileSync(bfile).toString("latin1");
    const forms = (await ward.api("GET", "/api/v1/schemas")).json.schemas.length;
    assert.ok(zip.includes(`xl/worksheets/sheet${forms}.xml`), `a sheet per form (${forms})`);
    assert.deepEqual(await seriousA11yViolations(page), [], "exports");
    await screenshot(page, "reports-07-exports.png");
  });

  it("item 11: every main screen has no serious accessibility fault and large enough type", async () => {
    const { ward, office } = fixture;
    const { page } = office;
    const screens = [["#/", "overview", ".records-table tbody tr"], ["#/indicator/12", "indicator", ".groups-for-indicator"],
      ["#/households", "households", ".households-table tbody tr"], ["#/review", "review", "h1"],
      ["#/report", "report", ".report-table tbody tr"], ["#/audit", "audit", "table"], ["#/manual", "manual", "h1"]];
    for (const [hash, screen, ready] of screens) {
      await goTo(page, hash, screen);
      await waitContent(page, ready);
      assert.deepEqual(await seriousA11yViolations(page), [], screen);
    }
    await goTo(page, "#/households", "households");
    await waitContent(page, ".households-table tbody tr");
    const sizes = await page.evaluate(() => ({
      body: parseFloat(getComputedStyle(document.body).fontSize),
      td: parseFloat(getComputedStyle(document.querySelector(".households-table tbody td")).fontSize),
      th: parseFloat(getComputedStyle(document.querySelector(".households-table thead th")).fontSize),
      badge: parseFloat(getComputedStyle(document.querySelector(".households-table .badge")).fontSize),
    }));
    assert.ok(sizes.body >= 16, "body text ≥ 16 px: " + sizes.body);
    assert.ok(sizes.td >= 15 && sizes.th >= 15, `table text ≥ 15 px: ${sizes.td} / ${sizes.th}`);
    assert.ok(sizes.badge >= 14, "badges ≥ 14 px: " + sizes.badge);
    await screenshot(page, "reports-08-households.png", false);
  });
});
