// Field-level merge: last writer wins by HLC, one field at a time.
//
// Every field of a record carries the HLC of its last write (core/record.h). Applying a
// write keeps whichever of the stored and the incoming version has the higher HLC, so
// replicas that apply the same writes in any order, any number of times, end with the
// same record: the merge is commutative, associative and idempotent. Two versions with
// equal HLCs are the same write (a node never stamps two writes alike); should their
// values still differ (a buggy or forged writer), the value whose JSON text sorts higher
// is kept, so even then every replica picks the same.
//
// Deletion is the pseudo-field "_deleted" (kDeletedField) with value true or false. Its
// version is kept like any field's, in record.fields["_deleted"], and Record::deleted
// mirrors its value, so a deletion and a concurrent edit merge like two edits.
//
// The caller checks beforehand that the change belongs to the record (id, type) and
// that its HLC is well formed (Hlc::Parse): canonical HLC strings compare in clock order.
#pragma once

#include "core/change.h"
#include "core/record.h"

namespace sotay {

struct MergeResult {
  // The stored version of the field was replaced (the incoming one won). Its value may
  // be equal to the old one while its HLC is newer; either way replicas must learn it.
  bool changed = false;
  // The incoming write is older than the stored version and was dropped.
  bool lost = false;
  // The incoming write has the stored HLC: the same write seen again; nothing changed.
  bool duplicate = false;
  // Whether the field had a version before, and which (when it had).
  bool had_previous = false;
  FieldValue previous;
};

// Merges the write `change` (field, value, hlc) into `record`.
MergeResult ApplyFieldWrite(Record& record, const Change& change);

// True when version `a` wins over version `b` of one field: a higher HLC, or for equal
// HLCs the tie-break described above. Irreflexive: a version never wins over itself.
bool WinsOver(const FieldValue& a, const FieldValue& b);

// The field's stored HLC, or "" when it was never written.
const std::string& FieldHlc(const Record& record, const std::string& field);

// A write of the server itself (node kServerNode) of `value` to `field` of `record` as
// stored now: the record's identity and the field's stored version as the base. Its
// HLC is left to the writer, who stamps it when applying (HlcNewerThan(clock,
// base_hlc): newer than the stored version, so the server's write wins even over a
// phone that stamped the field ahead of the server's clock).
Change ServerWriteOf(const Record& record, std::string field, Json value);

}  // namespace sotay
