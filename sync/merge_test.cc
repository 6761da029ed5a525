#include "sync/merge.h"

#include <algorithm>
#include <random>

#include "sync/sync_test_util.h"

namespace sotay {
namespace {

using synctest::H;
using synctest::kT0;

Change Write(const std::string& field, Json value, const std::string& hlc) {
  Change c;
  c.record_id = synctest::kHouse1;
  c.record_type = "household";
  c.group_id = "tdp-05";
  c.field = field;
  c.value = std::move(value);
  c.hlc = hlc;
  return c;
}

Record Empty() { return Record{synctest::kHouse1, "household", "tdp-05", "", {}, false}; }

TEST_CASE("merge: the higher HLC wins a field, an older write is lost", "[sync][merge]") {
  Record r = Empty();
  MergeResult first = ApplyFieldWrite(r, Write("street", "Lê Lợi", H(kT0, 0, "a")));
  CHECK(first.changed);
  CHECK_FALSE(first.had_previous);
  CHECK(r.Get("street") == "Lê Lợi");

  MergeResult newer = ApplyFieldWrite(r, Write("street", "Trần Phú", H(kT0 + 5, 0, "b")));
  CHECK(newer.changed);
  CHECK(newer.had_previous);
  CHECK(newer.previous == FieldValue{"Lê Lợi", H(kT0, 0, "a")});
  CHECK(r.fields["street"] == FieldValue{"Trần Phú", H(kT0 + 5, 0, "b")});

  MergeResult older = ApplyFieldWrite(r, Write("street", "Cũ", H(kT0 + 1, 7, "z")));
  CHECK(older.lost);
  CHECK_FALSE(older.changed);
  CHECK_FALSE(older.duplicate);
  CHECK(r.Get("street") == "Trần Phú");
}

TEST_CASE("merge: a server write is based on the field's stored version", "[sync][merge]") {
  Record r = Empty();
  r.parent_id = "parent-1";
  REQUIRE(ApplyFieldWrite(r, Write("street", "Lê Lợi", H(kT0, 0, "a"))).changed);

  Change edit = ServerWriteOf(r, "street", "Trần Phú");
  CHECK(edit.device_id == "server");
  CHECK(edit.record_id == r.id);
  CHECK(edit.record_type == r.type);
  CHECK(edit.group_id == r.group_id);
  CHECK(edit.parent_id == "parent-1");
  CHECK(edit.base_hlc == H(kT0, 0, "a"));
  CHECK(edit.value == "Trần Phú");
  CHECK(edit.hlc.empty());  // stamped by the writer when it applies the write

  CHECK(ServerWriteOf(r, "house_no", "12").base_hlc.empty());  // never written: no base
}

TEST_CASE("merge: the same write twice is a duplicate and changes nothing", "[sync][merge]") {
  Record r = Empty();
  Change c = Write("floor_area", 42.5, H(kT0, 3, "a"));
  ApplyFieldWrite(r, c);
  Record before = r;
  MergeResult again = ApplyFieldWrite(r, c);
  CHECK(again.duplicate);
  CHECK_FALSE(again.changed);
  CHECK_FALSE(again.lost);
  CHECK(r == before);
}

TEST_CASE("merge: a newer write of the same value still moves the HLC", "[sync][merge]") {
  Record r = Empty();
  ApplyFieldWrite(r, Write("tenure", "owned", H(kT0, 0, "a")));
  MergeResult m = ApplyFieldWrite(r, Write("tenure", "owned", H(kT0, 1, "b")));
  CHECK(m.changed);
  CHECK(r.fields["tenure"].hlc == H(kT0, 1, "b"));
}

TEST_CASE("merge: _deleted sets and clears Record::deleted by HLC", "[sync][merge]") {
  Record r = Empty();
  ApplyFieldWrite(r, Write("street", "Lê Lợi", H(kT0, 0, "a")));
  ApplyFieldWrite(r, Write(std::string(kDeletedField), true, H(kT0 + 10, 0, "a")));
  CHECK(r.deleted);
  // An older undelete loses; a newer one wins.
  ApplyFieldWrite(r, Write(std::string(kDeletedField), false, H(kT0 + 9, 0, "b")));
  CHECK(r.deleted);
  ApplyFieldWrite(r, Write(std::string(kDeletedField), false, H(kT0 + 11, 0, "b")));
  CHECK_FALSE(r.deleted);
  CHECK(r.Get("street") == "Lê Lợi");
}

TEST_CASE("merge: equal HLCs with different values pick the same value in any order",
          "[sync][merge]") {
  Change x = Write("street", "x", H(kT0, 0, "a"));
  Change y = Write("street", "y", H(kT0, 0, "a"));
  Record r1 = Empty(), r2 = Empty();
  ApplyFieldWrite(r1, x);
  ApplyFieldWrite(r1, y);
  ApplyFieldWrite(r2, y);
  ApplyFieldWrite(r2, x);
  CHECK(r1 == r2);
  CHECK(r1.Get("street") == "y");
  CHECK_FALSE(WinsOver(r1.fields["street"], r1.fields["street"]));
}

// Merges every field version of `from` into `into`: the merge of two replicas.
void MergeRecord(Record& into, const Record& from) {
  for (const auto& [field, fv] : from.fields) ApplyFieldWrite(into, Write(field, fv.value, fv.hlc));
}

TEST_CASE("merge: commutative, associative and idempotent (property)", "[sync][merge]") {
  const std::vector<std::string> fields = {"street", "tenure", "notes", std::string(kDeletedField)};
  const std::vector<std::string> nodes = {"a", "b", "c"};
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    std::mt19937 rng(seed);
    auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
    std::vector<Change> writes;
    for (int i = 0; i < 12; ++i) {
      const std::string& f = fields[pick(fields.size())];
      // Few distinct clocks, so equal walls and counters (ties broken by node) are common.
      std::string hlc = H(kT0 + static_cast<int64_t>(pick(3)), static_cast<int>(pick(2)),
                          nodes[pick(nodes.size())]);
      Json value = f == kDeletedField ? Json(pick(2) == 0) : Json("v" + std::to_string(pick(4)));
      writes.push_back(Write(f, value, hlc));
    }
    Record reference = Empty();
    for (const Change& c : writes) ApplyFieldWrite(reference, c);

    // Any order, with repeats: the same record.
    std::vector<Change> shuffled = writes;
    for (int k = 0; k < 4; ++k) shuffled.push_back(writes[pick(writes.size())]);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    Record permuted = Empty();
    for (const Change& c : shuffled) ApplyFieldWrite(permuted, c);
    INFO("seed " << seed);
    CHECK(permuted == reference);

    // Split into three replicas and merge them pairwise in two groupings.
    Record a = Empty(), b = Empty(), c = Empty();
    for (size_t i = 0; i < writes.size(); ++i) {
      Record& target = i % 3 == 0 ? a : (i % 3 == 1 ? b : c);
      ApplyFieldWrite(target, writes[i]);
    }
    Record left = a;  // (a ∪ b) ∪ c
    MergeRecord(left, b);
    MergeRecord(left, c);
    Record bc = b;  // a ∪ (b ∪ c)
    MergeRecord(bc, c);
    Record right = a;
    MergeRecord(right, bc);
    Record ba = b;  // b ∪ a ∪ c
    MergeRecord(ba, a);
    MergeRecord(ba, c);
    CHECK(left == reference);
    CHECK(right == reference);
    CHECK(ba == reference);
    // Idempotent: merging a replica into itself changes nothing.
    Record self = left;
    MergeRecord(self, left);
    CHECK(self == left);
  }
}

}  // namespace
}  // namespace sotay
