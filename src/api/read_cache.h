// The server's read cache: values read from the database (a token's owner,
// a patent's JSON) kept in memory and reused while the database has not
// changed. SQLite only: its PRAGMA data_version tells a connection, at the
// start of each read transaction, whether anything was committed since it
// last asked. PostgreSQL has no such counter, so there every read goes to
// the database.
//
// How a read request may use the cache (ReadEpoch::enter):
//   1. read the process's epoch e;
//   2. take the transaction's snapshot and its data_version (one PRAGMA);
//   3. if the connection's data_version moved since its last request (or the
//      connection is new), bump the epoch and use no cache this request;
//      otherwise cached values stored under e are good for this snapshot.
// Every mutation request of this server bumps the epoch when it ends, before
// its connection goes back to the pool (a connection's data_version does not
// move for its own commits). Values are stored under the epoch read in step 1,
// before their snapshot, so a value read from a snapshot older than a commit
// is never used by a request whose snapshot has it: whoever first sees the
// commit (the committing server, or any connection whose data_version moved)
// bumps the epoch after the value's epoch was read.
//
// Why not a library: the invalidation is the whole of it and is SQLite's
// data_version; what stores the values is a map per shard under a mutex.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "services/auth_service.h"
#include "store/database.h"

namespace chizai::api {

class ReadEpoch {
 public:
  // Call inside the request's read transaction before anything else reads:
  // the epoch whose cached values this request may use and store, or nothing
  // (not SQLite, or the database changed since this connection last looked).
  std::optional<std::uint64_t> enter(Database& db) {
    const std::uint64_t e = epoch_.load();
    const std::optional<long long> version = db.data_version();
    if (!version) return std::nullopt;
    std::optional<long long>& seen = db.kept<SeenVersion>().version;
    if (seen != version) {
      seen = version;
      epoch_.fetch_add(1);
      return std::nullopt;
    }
    return e;
  }
  // After a write by this process (before its connection is reused).
  void bump() { epoch_.fetch_add(1); }

 private:
  // The data_version a pooled connection saw at its last request.
  struct SeenVersion {
    explicit SeenVersion(Database&) {}
    std::optional<long long> version;
  };
  std::atomic<std::uint64_t> epoch_{0};
};

struct CacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::size_t entries = 0;
  std::size_t bytes = 0;
};

// Values of one kind by key, each valid for the epoch it was stored under.
// A newer epoch empties a shard on its next use. When a shard reaches its
// share of `max_bytes`, new values are not stored (what is kept stays: a
// random-access workload keeps its hit rate instead of churning).
template <class V>
class EpochCache {
 public:
  explicit EpochCache(std::size_t max_bytes) : shard_bytes_(max_bytes / kShards) {}

  bool enabled() const { return shard_bytes_ > 0; }

  std::shared_ptr<const V> find(std::string_view key, std::uint64_t epoch) {
    Shard& s = shard(key);
    std::lock_guard lock(s.m);
    if (s.epoch != epoch) {
      if (epoch > s.epoch) s.reset(epoch);
      ++s.misses;
      return nullptr;
    }
    const auto it = s.values.find(key);
    if (it == s.values.end()) {
      ++s.misses;
      return nullptr;
    }
    ++s.hits;
    return it->second;
  }

  // `bytes`: what the value holds (its key and the map's own are added).
  void put(std::string key, std::shared_ptr<const V> value, std::size_t bytes, std::uint64_t epoch) {
    if (!enabled()) return;
    Shard& s = shard(key);
    const std::size_t cost = bytes + key.size() + kEntryOverhead;
    std::lock_guard lock(s.m);
    if (epoch < s.epoch) return;  // read before a change someone has already seen
    if (epoch > s.epoch) s.reset(epoch);
    if (s.bytes + cost > shard_bytes_) return;
    if (s.values.emplace(std::move(key), std::move(value)).second) s.bytes += cost;
  }

  CacheStats stats() const {
    CacheStats out;
    for (const Shard& s : shards_) {
      std::lock_guard lock(s.m);
      out.hits += s.hits;
      out.misses += s.misses;
      out.entries += s.values.size();
      out.bytes += s.bytes;
    }
    return out;
  }

 private:
  static constexpr std::size_t kShards = 16;
  // A map node, its hash-table slot and the shared_ptr's control block.
  static constexpr std::size_t kEntryOverhead = 96;

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Shard {
    mutable std::mutex m;
    std::uint64_t epoch = 0;
    std::unordered_map<std::string, std::shared_ptr<const V>, Hash, std::equal_to<>> values;
    std::size_t bytes = 0;
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    void reset(std::uint64_t e) {
      values.clear();
      bytes = 0;
      epoch = e;
    }
  };

  Shard& shard(std::string_view key) { return shards_[Hash{}(key) % kShards]; }

  std::size_t shard_bytes_;
  Shard shards_[kShards];
};

// GET /api/v1/patents/{number}: the response body, and the institutions
// owning the patent (a scoped caller sees it only if its own is one).
struct CachedPatent {
  std::string json;
  std::vector<std::string> institutions;
};

// The server's caches (api.cache_mb between them: a sixteenth for tokens).
struct ReadCaches {
  explicit ReadCaches(std::size_t max_bytes) : tokens(max_bytes / 16), patents(max_bytes - max_bytes / 16) {}
  bool enabled() const { return patents.enabled(); }
  ReadEpoch epoch;
  EpochCache<TokenOwner> tokens;      // by token hash (the raw token is never kept)
  EpochCache<CachedPatent> patents;   // by the number as asked
};

}  // namespace chizai::api
