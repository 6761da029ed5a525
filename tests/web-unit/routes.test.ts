// Hash routes of both apps, the office's query strings and the enrollment QR code's
// contents: what a link or a scanned code turns into.
import assert from "node:assert/strict";
import { test } from "node:test";
import { query } from "../../wasm-client/web/src/office/api";
import { href, parseRoute as officeRoute } from "../../wasm-client/web/src/office/route";
import { parseRoute as phoneRoute } from "../../wasm-client/web/src/ui/app";
import { parseEnrollQr } from "../../wasm-client/web/src/ui/enroll";

test("office routes: path parts decoded, parameters kept", () => {
  const r = officeRoute("#/households?group=tdp-01&i=12");
  assert.deepEqual(r.parts, ["households"]);
  assert.equal(r.params.get("group"), "tdp-01");
  assert.equal(r.params.get("i"), "12");
  assert.deepEqual(officeRoute("#/record/a%20b").parts, ["record", "a b"]);
  assert.deepEqual(officeRoute("").parts, []);
  assert.deepEqual(officeRoute("#/").parts, []);
  assert.equal(officeRoute("#/review").params.toString(), "");
});

test("office links: empty parameters left out, the rest encoded", () => {
  assert.equal(href("households", { group: "tdp-01", q: "", i: null, status: undefined }), "#/households?group=tdp-01");
  assert.equal(href("report", { kind: "month", period: "2026-05" }), "#/report?kind=month&period=2026-05");
  assert.equal(href("households", { q: "Nguyễn Văn" }), "#/households?q=Nguy%E1%BB%85n+V%C4%83n");
  assert.equal(href(""), "#/");
});

test("a link and its route agree", () => {
  const r = officeRoute(href("households", { group: "tdp-02", q: "a&b" }));
  assert.deepEqual(r.parts, ["households"]);
  assert.equal(r.params.get("q"), "a&b");
});

test("office query strings: empty values dropped, names and values encoded", () => {
  assert.equal(query({ type: "household", group: "", limit: 100, after: null, q: undefined }), "?type=household&limit=100");
  assert.equal(query({ q: "Lê & Trần" }), "?q=L%C3%AA%20%26%20Tr%E1%BA%A7n");
  assert.equal(query({ a: "" }), "");
});

test("phone routes", () => {
  assert.deepEqual(phoneRoute(""), { name: "list" });
  assert.deepEqual(phoneRoute("#/h/abc-1"), { name: "household", id: "abc-1" });
  assert.deepEqual(phoneRoute("#/edit/person/new?parent=h1"), { name: "edit", type: "person", id: null, parentId: "h1" });
  assert.deepEqual(phoneRoute("#/edit/household/h1"), { name: "edit", type: "household", id: "h1", parentId: null });
  assert.deepEqual(phoneRoute("#/edit/assessment.poverty/r%2F1?parent=h1"),
    { name: "edit", type: "assessment.poverty", id: "r/1", parentId: "h1" });
  assert.deepEqual(phoneRoute("#/sync"), { name: "sync" });
  assert.deepEqual(phoneRoute("#/reenroll"), { name: "reenroll" });
  assert.deepEqual(phoneRoute("#/h"), { name: "list" }, "a household route needs its id");
  assert.deepEqual(phoneRoute("#/nowhere"), { name: "list" });
});

test("an enrollment QR code: a bare code, a link or JSON", () => {
  assert.deepEqual(parseEnrollQr("  ABCD-1234 \n"), { code: "ABCD-1234" });
  assert.deepEqual(parseEnrollQr("https://ward.example:8443/?code=XY12"), { code: "XY12", server: "https://ward.example:8443" });
  assert.deepEqual(parseEnrollQr("https://a.example/enroll?code=XY12&server=http://10.0.0.2:8080"),
    { code: "XY12", server: "http://10.0.0.2:8080" });
  assert.deepEqual(parseEnrollQr('{"code":"Q1","server":"http://h:1"}'), { code: "Q1", server: "http://h:1" });
  assert.deepEqual(parseEnrollQr('{"code":"Q1","server":7}'), { code: "Q1", server: undefined });
  assert.deepEqual(parseEnrollQr('{"server":"http://h:1"}'), { code: '{"server":"http://h:1"}' }, "JSON without a code is the code");
  assert.deepEqual(parseEnrollQr("https://a.example/?x=1"), { code: "https://a.example/?x=1" });
});
