// "Bình xét Tổ dân phố văn hóa" in headless Chromium against the real sotay-server with
// a demo ward: the office fills a group's yearly review with the Có/Không toggles, sees
// a refused answer named clearly, saves, and indicator (10) counts the group.
// Screenshots go to test-artifacts/browser/office/.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { goTo, login, noErrors, screenshot, waitContent, officeFixture } from "./office/harness.mjs";

describe("office: cultural residential group review", { timeout: 300_000 }, () => {
  const fixture = officeFixture();

  it("fills the review form, refuses a missing answer, saves, and indicator (10) follows", async () => {
    const { ward, browser, office } = fixture;
    const { page } = office;
    const fetched = [];
    page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
    await login(page, ward.url);
    const year = Number(await page.locator("#year").inputValue());
    const count10 = async () => {
      const api = (await ward.api("GET", "/api/v1/indicators?period=" + year)).json;
      const row = api.values.find((v) => v.indicator === "10" && v.group_id === "tdp-02");
      return row?.numerator ?? null;
    };
    assert.ok(!(await count10()), "no group recognised before the review");

    // From indicator (10) to the review screen.
    await goTo(page, "#/indicator/10", "indicator");
    await page.click("[data-action=open-group-review]");
    await page.waitForSelector("[data-screen=group-review]");
    assert.equal(await page.locator("[data-nav=group-review]").getAttribute("aria-current"), "page");
    await page.selectOption("#review-group", "tdp-02");
    const form = page.locator('.group-review-form[data-group="tdp-02"]');
    await waitContent(page, '.group-review-form[data-group="tdp-02"]');
    await noErrors(page, "group review");
    assert.match(await page.locator("[data-screen=group-review] h1").innerText(), /Bình xét Tổ dân phố văn hóa/);
    assert.match(await form.innerText(), /Đời sống kinh tế ổn định/);

    // Four criteria yes, the fifth left open: the server names the missing one.
    for (const f of ["g1_economy", "g2_culture", "g3_environment", "g4_law_order"]) {
      await form.locator(`button[data-field=${f}][data-value=true]`).click();
    }
    assert.equal(await form.locator("button[data-field=g1_economy][data-value=true]").getAttribute("aria-pressed"), "true");
    await form.locator("[data-action=save-group-review]").click();
    const err = page.locator("[data-screen=group-review] .error");
    await err.waitFor();
    assert.equal(await err.getAttribute("data-code"), "invalid_value");
    assert.equal(await form.locator(".field.wrong").getAttribute("data-name"), "g5_solidarity");
    await screenshot(page, "group-review-1-refused.png");

    // The rules come from the core: the page loaded its WebAssembly module.
    assert.ok(fetched.some((p) => p.endsWith("/sotay_client.wasm")), "the core module is loaded: " + fetched.join(" "));

    // Relevance, decided by the core: "meeting agreed" shows once a meeting date is
    // given (${meeting_date} != null), the decision fields only while the meeting
    // agreed (${meeting_agreed} = true), and they go again when it did not.
    await form.locator("button[data-field=g5_solidarity][data-value=true]").click();
    assert.equal(await form.locator(".field.wrong").count(), 0, "answered: no longer marked");
    const shown = async (name) => (await form.locator(`.field[data-name=${name}]`).count()) === 1;
    assert.equal(await shown("meeting_agreed"), false);
    assert.equal(await shown("decision_number"), false);
    await form.locator("#f-meeting_date").fill(year + "-01-10");
    await form.locator(".field[data-name=meeting_agreed]").waitFor();
    assert.equal(await shown("decision_number"), false);
    await form.locator("button[data-field=meeting_agreed][data-value=false]").click();
    assert.equal(await shown("decision_number"), false);
    assert.equal(await form.locator(".review-result").getAttribute("data-status"), "not_recognised");
    await form.locator("button[data-field=meeting_agreed][data-value=true]").click();
    await form.locator("#f-decision_number").waitFor();
    assert.equal(await shown("decision_date"), true);
    await form.locator("#f-decision_number").fill("45/QĐ-UBND");

    // A constraint of the form, checked by the core as it is typed: the decision
    // cannot come before the meeting.
    await form.locator("#f-decision_date").fill(year + "-01-05");
    const dateError = form.locator(".field[data-name=decision_date] .field-error");
    await dateError.waitFor();
    assert.match(await dateError.innerText(), /Quyết định phải sau ngày họp/);
    await screenshot(page, "group-review-1b-constraint.png");
    await form.locator("#f-decision_date").fill(year + "-01-20");
    assert.equal(await dateError.count(), 0);
    // The result the answers give, computed by the core before saving.
    assert.equal(await form.locator(".review-result").getAttribute("data-status"), "recognised");
    await form.locator("[data-action=save-group-review]").click();
    await form.locator(".ok").waitFor();
    assert.match(await form.locator(".ok").innerText(), /Đã lưu bình xét năm/);
    assert.equal(await form.locator(".review-result").getAttribute("data-status"), "recognised");
    assert.match(await form.locator(".review-result").innerText(), /công nhận/i);
    await noErrors(page, "after saving");

    // The server holds what the form said, and indicator (10) counts the group.
    const stored = (await ward.api("GET", `/api/v1/groups/tdp-02/cultural-review?year=${year}`)).json;
    assert.equal(stored.fields.g5_solidarity, true);
    assert.equal(stored.fields.decision_number, "45/QĐ-UBND");
    assert.equal(stored.fields.status, "recognised");
    assert.equal(await count10(), 1);
    await page.waitForFunction(() => document.querySelector(".indicator-10")?.dataset.numerator === "1", null, { timeout: 10_000 });
    await screenshot(page, "group-review-2-saved.png");
  });
});
