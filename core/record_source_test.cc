#include "core/record_source.h"

#include <catch2/catch.hpp>

#include "core/sqlite_store.h"

namespace sotay {
namespace {

Record Rec(std::string id, std::string type, std::string parent, std::string street) {
  Record r{std::move(id), std::move(type), "tdp-01", std::move(parent), {}, false};
  r.fields["street"] = FieldValue{street, "0000000000001-00000-dev"};
  return r;
}

std::unique_ptr<SqliteStore> NewStore() {
  auto opened = SqliteStore::Open({.path = ":memory:"});
  REQUIRE(opened.ok());
  return std::move(*opened);
}

std::vector<std::string> Ids(const std::vector<const Record*>& records) {
  std::vector<std::string> ids;
  for (const Record* r : records) ids.push_back(r->id);
  return ids;
}

TEST_CASE("CachedRecords reads each record from the store once", "[core][records]") {
  auto store = NewStore();
  REQUIRE(store->PutRecord(Rec("h1", "household", "", "A")).ok());
  CachedRecords records(*store);
  Result<const Record*> first = records.Find("h1");
  REQUIRE(first.ok());
  REQUIRE(*first != nullptr);
  CHECK((*first)->Get("street") == "A");
  // Written behind the cache's back: the cache keeps what it read.
  REQUIRE(store->PutRecord(Rec("h1", "household", "", "B")).ok());
  Result<const Record*> again = records.Find("h1");
  REQUIRE(again.ok());
  CHECK(*again == *first);
  CHECK((*again)->Get("street") == "A");
  // Unknown ids are remembered as absent.
  Result<const Record*> none = records.Find("nope");
  REQUIRE(none.ok());
  CHECK(*none == nullptr);
}

TEST_CASE("CachedRecords: Put is seen at once and written by Flush", "[core][records]") {
  auto store = NewStore();
  REQUIRE(store->PutRecord(Rec("h1", "household", "", "A")).ok());
  REQUIRE(store->PutRecord(Rec("p2", "person", "h1", "x")).ok());
  Record deleted = Rec("p4", "person", "h1", "gone");
  deleted.deleted = true;
  REQUIRE(store->PutRecord(deleted).ok());
  REQUIRE(store->PutRecord(Rec("q9", "person", "h2", "other")).ok());

  CachedRecords records(*store);
  records.Put(Rec("p3", "person", "h1", "new"));
  records.Put(Rec("p1", "person", "h1", "new"));
  records.Put(Rec("h1", "household", "", "C"));

  // Children: the store's (deleted ones too) and the unflushed ones, in id order.
  Result<std::vector<const Record*>> kids = records.Children("h1");
  REQUIRE(kids.ok());
  CHECK(Ids(*kids) == std::vector<std::string>{"p1", "p2", "p3", "p4"});
  CHECK((*records.Find("h1"))->Get("street") == "C");
  CHECK((*store->GetRecord("h1"))->Get("street") == "A");

  REQUIRE(records.Flush().ok());
  CHECK((*store->GetRecord("h1"))->Get("street") == "C");
  REQUIRE((*store->GetRecord("p3")).has_value());
  Result<std::optional<Record>> copy = records.Get("p1");
  REQUIRE(copy.ok());
  REQUIRE(copy->has_value());
  CHECK((*copy)->parent_id == "h1");
  kids = records.Children("h1");
  REQUIRE(kids.ok());
  CHECK(Ids(*kids) == std::vector<std::string>{"p1", "p2", "p3", "p4"});
}

TEST_CASE("CachedRecords: records edited in place reach the store once marked", "[core][records]") {
  auto store = NewStore();
  REQUIRE(store->PutRecord(Rec("h1", "household", "", "A")).ok());
  CachedRecords records(*store);
  Result<Record*> h1 = records.Edit("h1");
  REQUIRE(h1.ok());
  REQUIRE(*h1 != nullptr);
  (*h1)->fields["street"].value = "B";
  CHECK((*records.Find("h1"))->Get("street") == "B");  // the same object
  Result<Record*> none = records.Edit("h2");
  REQUIRE(none.ok());
  CHECK(*none == nullptr);
  Record& h2 = records.Insert(Rec("h2", "household", "", "N"));
  CHECK(*records.Find("h2") == &h2);
  // Unmarked edits stay in the cache.
  REQUIRE(records.Flush().ok());
  CHECK((*store->GetRecord("h1"))->Get("street") == "A");
  CHECK_FALSE(store->GetRecord("h2")->has_value());
  records.MarkChanged("h1");
  records.MarkChanged("h2");
  REQUIRE(records.Flush().ok());
  CHECK((*store->GetRecord("h1"))->Get("street") == "B");
  CHECK((*store->GetRecord("h2"))->Get("street") == "N");
}

TEST_CASE("RecordPointerLookup matches children by parent and type", "[core][records]") {
  Record h = Rec("h1", "household", "", "A");
  Record p1 = Rec("p1", "person", "h1", "");
  Record p2 = Rec("p2", "person", "h2", "");
  Record a1 = Rec("a1", "poverty_assessment", "h1", "");
  RecordPointerLookup lookup({&p1, &p2, &a1});
  std::vector<std::string> seen;
  lookup.ForEachChild(h, "person", [&](const Record& r) { seen.push_back(r.id); });
  CHECK(seen == std::vector<std::string>{"p1"});
}

}  // namespace
}  // namespace sotay
