// The dashboard's audit log ("Nhật ký") in headless Chromium against the real
// sotay-server with a demo ward: what the office and IT did shows newest first in
// Vietnamese, filters by action and by person, pages back, and links a reviewed record.
// Screenshots go to test-artifacts/browser/office/.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { goTo, login, noErrors, officeFixture, OFFICE, screenshot, waitContent } from "./office/harness.mjs";

describe("office: audit log", { timeout: 300_000 }, () => {
  const fixture = officeFixture();

  it("shows who did what, newest first, filtered and paged", async () => {
    const { ward, office } = fixture;
    const { page } = office;
    // 55 enrollment codes made by IT on the command line: more than one page.
    for (let i = 0; i < 55; i++) {
      ward.cli(["enroll-code", "--db", ward.db, "--role", "leader", "--group", "tdp-01", "--ttl", "1h"]);
    }
    await login(page, ward.url);
    // A record reviewed by the office, the newest entry.
    const list = (await ward.api("GET", "/api/v1/records?type=household&group=tdp-02&limit=1")).json.records;
    const id = list[0].id;
    assert.equal((await ward.api("POST", "/api/v1/records/" + id + "/review", { state: "approved", comment: "đủ" })).status, 200);

    await goTo(page, "#/audit", "audit");
    await waitContent(page, ".audit-table tbody tr");
    await noErrors(page, "audit");
    assert.equal(await page.locator("[data-nav=audit]").getAttribute("aria-current"), "page");
    const rows = page.locator(".audit-table tbody tr");
    assert.equal(await rows.count(), 50, "one page of 50");
    const first = rows.first();
    assert.equal(await first.getAttribute("data-action-code"), "review");
    assert.match(await first.innerText(), /Duyệt hồ sơ/);
    assert.match(await first.innerText(), new RegExp(OFFICE.username));
    assert.match(await first.innerText(), /trạng thái: Đã duyệt · ghi chú: đủ|ghi chú: đủ · trạng thái: Đã duyệt/);
    assert.match(await rows.nth(3).innerText(), /hết hạn: \d\d:\d\d \d\d\/\d\d\/\d{4} · tổ: tdp-01/, "dates and lists in words");
    assert.match(await rows.nth(1).innerText(), /Đăng nhập/, "the office user's login, just before");
    await screenshot(page, "30-audit-log.png");

    // Older entries: the codes made by IT, then the ward's creation at the very end.
    await page.click("[data-action=audit-more]");
    await page.waitForFunction(() => document.querySelectorAll(".audit-table tbody tr").length > 50);
    const all = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.actionCode));
    assert.ok(all.filter((a) => a === "enroll_code").length === 55, "every enrollment code is listed once");
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.id)));
    assert.equal(new Set(ids).size, ids.length, "no entry twice");
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), "newest first throughout");
    assert.equal(all[all.length - 1], "init", "the oldest entry is the ward's creation");
    assert.equal(await page.locator("[data-action=audit-more]").count(), 0, "nothing older left");

    // Filter by action: only reviews.
    await page.selectOption("#audit-action", "review");
    await page.waitForFunction(() => location.hash.includes("action=review"));
    await waitContent(page, ".audit-table tbody tr");
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.actionCode)), ["review"]);
    // The reviewed record opens from its row.
    await page.locator(".audit-table tbody tr a.mono").click();
    await page.waitForSelector("[data-screen=record]");
    assert.ok(page.url().includes(id));

    // Filter by person: the command line's entries only.
    await goTo(page, "#/audit?actor=cli", "audit");
    await waitContent(page, ".audit-table tbody tr");
    const actions = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.actionCode));
    assert.ok(actions.length === 50 && actions.every((a) => a === "enroll_code"), "the CLI's newest 50: " + actions.join(","));
    assert.equal(await page.locator("#audit-actor").inputValue(), "cli");
    // Nobody by that name: said plainly.
    await page.fill("#audit-actor", "user:khong-co-ai");
    await page.click("[data-action=audit-filter]");
    await page.waitForSelector("[data-screen=audit] .empty");
    assert.match(await page.locator("[data-screen=audit] .empty").innerText(), /Không có mục nào/);
    await page.click("[data-action=audit-clear]");
    await waitContent(page, ".audit-table tbody tr");
    assert.equal(await rows.count(), 50);
  });
});
