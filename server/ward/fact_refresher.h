// FactRefresher: keeps the indicator facts true on today's date in Vietnam, with no push
// needed.
//
// A household's facts read dates (a BHYT card's expiry, ages and working age on the
// reference date, the running period), so they can stop being true while nobody edits
// the household. Each household's facts are stored with the day they stop being true
// (Store::SetFactsValidUntil, core/indicator_facts.h FactsValidUntil). When the date in
// Vietnam changes, CatchUp refreshes every household whose day has come
// (Store::ExpiredFactOwners) and records the date the facts are complete for in the
// store's metadata (kAsOfKey). On an ordinary day that is the few households with a
// birthday, a card ending or a retirement; on 1 January every household (a new period).
//
// Work goes in batches: each batch takes the server's writer lock, lists up to `batch`
// expired households and hands them to the RefreshBatch callback, which refreshes them
// until the batch has held the lock `hold` and commits what it did in one transaction;
// the lock is released between batches, so pushes wait at most about one `hold`. Before
// each batch the refresher lets waiting pushes go first (`writers_waiting`, up to
// `max_yield`) and rests `pause`, so other writers of the file get their turn. CatchUp
// runs from a background thread every `period` and before every answer
// that sums facts (server/ward/ward_indicators.h ComputeIndicators); when the date has not
// changed it costs a string comparison. Answers wait for the refresh only up to a
// bound (CatchUpWithin): past it they say which day their facts are complete for.
//
// Thread-safety: every method may be called from any thread; one CatchUp works at a
// time and the others wait for it. The writer store and lock must outlive the
// refresher.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "core/store.h"

namespace sotay {

struct FactRefresherOptions {
  // Households listed per batch, at most; a batch ends earlier once it has held the
  // writer lock `hold` (the step under way is finished first), so a slow machine
  // (or a sanitizer build) never keeps pushes and logins waiting for seconds.
  int batch = 100;
  std::chrono::milliseconds hold{100};
  // How often the background thread looks at the date; 0: no thread (CatchUp only, as
  // the command-line tools use it).
  std::chrono::milliseconds period{0};
  // A rest between batches, with no lock held. Other connections to the database file
  // (logins and sessions on the account store) wait for its write lock in SQLite's busy
  // handler, which sleeps up to 100 ms between tries: back-to-back batches would starve
  // them past their 5 s timeout while a whole ward is refreshed (1 January).
  std::chrono::milliseconds pause{50};
  // Whether writes that people wait for (phones' pushes) are queued or under way: a
  // batch waits until there are none, checking every few milliseconds, at most
  // `max_yield` (then it goes anyway, so a ward that never stops pushing is still
  // refreshed). Empty: never waits.
  std::function<bool()> writers_waiting{};
  std::chrono::milliseconds max_yield{2000};
  // Called once per month (kKeptMonthKey), before the facts are moved from `as_of` to a
  // day of a later month, without the writer lock (other CatchUp callers wait for it):
  // the facts are those of `as_of` — the end of its month when the server ran through
  // it — apart from households pushed since midnight, which are already of today. The
  // server keeps them as that month's snapshot. Its failure is reported (stderr) and
  // does not stop the refresh: that month keeps what the dashboard's answers kept.
  std::function<Status(const std::string& as_of)> before_new_month{};
};

class FactRefresher {
 public:
  // Brings the facts of a prefix of `household_ids` (ids ExpiredFactOwners gave) to
  // `today` and commits it, in a transaction of its own on the writer; called with the
  // writer lock held. Takes its next step (a few households) only while the steady
  // clock is before `until` (the first always) and returns how many households it did. After it
  // succeeds ExpiredFactOwners(today) must list none of those, or CatchUp stops with
  // facts_refresh_stuck instead of looping.
  using RefreshBatch = std::function<Result<size_t>(const std::vector<std::string>& household_ids,
                                                    std::string_view today,
                                                    std::chrono::steady_clock::time_point until)>;

  // The metadata key of the last date a refresh had work to do and completed
  // ("YYYY-MM-DD"); a day with nothing expired is complete without writing it.
  static constexpr std::string_view kAsOfKey = "facts/as_of";
  // The metadata key of the last month before_new_month kept ("YYYY-MM").
  static constexpr std::string_view kKeptMonthKey = "facts/kept_month";

  // Reads the last completed date and, when options.period > 0, starts the thread,
  // whose first look is immediate (a database from before expiry days is refreshed
  // once on start).
  FactRefresher(Store& writer, std::mutex& writer_mu, const Clock& clock, RefreshBatch refresh,
                FactRefresherOptions options = {});
  // Stops the thread, waiting for the batch under way.
  ~FactRefresher();
  FactRefresher(const FactRefresher&) = delete;
  FactRefresher& operator=(const FactRefresher&) = delete;

  // Refreshes every household expired today, then records today as the completed
  // date and returns it. On failure the facts committed so far stay (each batch is
  // whole) and the completed date is not moved.
  Result<std::string> CatchUp();

  // What an answer that sums facts calls: the facts as of today if they can be brought
  // there within `wait`, else at once the date they are complete for. With the thread,
  // it wakes the thread and waits for it at most `wait` (1 January in a big ward takes
  // minutes: the dashboard keeps answering meanwhile, saying which day it shows and
  // that a refresh is under way); without it, runs CatchUp itself.
  struct Freshness {
    std::string as_of;        // the date the facts are complete for ("" if never)
    bool refreshing = false;  // a refresh to today is under way
    Status status;            // how the last attempt ended
  };
  Freshness CatchUpWithin(std::chrono::milliseconds wait);

  // The date the facts are complete for; "" before the first CatchUp of a new database.
  std::string as_of() const;

  // Totals since the refresher started.
  struct Stats {
    int64_t households = 0;  // households refreshed
    int64_t batches = 0;     // writer transactions
    int64_t days = 0;        // CatchUps that had work (a new date)
    // The longest a batch held the writer lock (listing and refreshing), microseconds:
    // how long a push may have waited for it.
    int64_t max_batch_us = 0;
    // Batches that waited for pushes first, and the longest such wait (microseconds).
    int64_t yields = 0;
    int64_t max_yield_us = 0;
  };
  Stats stats() const;

 private:
  Result<std::string> Run(const std::string& today);
  // Waits while options_.writers_waiting() says so, at most options_.max_yield.
  void YieldToWriters();
  // Calls before_new_month for the month of `from` unless it was kept already.
  Status KeepEndedMonth(const std::string& from);
  void Loop();

  Store& writer_;
  std::mutex& writer_mu_;
  const Clock& clock_;
  const RefreshBatch refresh_;
  const FactRefresherOptions options_;

  std::mutex run_mu_;  // one CatchUp works at a time
  mutable std::mutex state_mu_;
  std::string as_of_;    // guarded by state_mu_
  Stats stats_;          // guarded by state_mu_
  bool stop_ = false;    // guarded by state_mu_
  bool kicked_ = false;  // guarded by state_mu_: look at the date now
  Status last_status_;   // guarded by state_mu_: how the thread's last CatchUp ended
  std::condition_variable wake_;
  std::condition_variable done_;  // as_of_ or last_status_ changed
  std::thread thread_;
};

}  // namespace sotay
