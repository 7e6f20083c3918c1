// family_bench: times compute_families on a synthetic portfolio.
//
//   family_bench --generate N [--seed S] [--repeat R]
//                [--write-edges FILE] [--write-nodes FILE]
//
// Generates N registered applications shaped like a Japanese applicant's
// portfolio: JP first filings, each followed by 0-3 filings abroad (PCT, US,
// EP, CN) claiming it; some families with a second priority (an earlier JP
// filing of the portfolio or an unregistered US provisional); national
// phases of the PCT linked to it; US continuations and EP divisionals.
// Prints one line:
//   families: N applications, E claims, extended F_e, simple F_s, wall X.XXX s
// where wall is the best of R (default 3) runs of compute_families.
//
// --write-edges writes every claim as CSV "u,v" (claimant, claimed number);
// --write-nodes (default: the edges file name + ".nodes") writes the
// registered numbers, one a line under the header "number". The networkx
// cross-check tests/bench/families_networkx.py reads both.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "graph/families.h"

namespace {

using chizai::FamilyClaim;
using chizai::FamilyInput;

struct Options {
  std::size_t n = 0;
  std::uint64_t seed = 1;
  int repeat = 3;
  std::string edges_path;
  std::string nodes_path;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "family_bench: " << problem << "\n"
            << "usage: family_bench --generate N [--seed S] [--repeat R]\n"
               "                    [--write-edges FILE] [--write-nodes FILE]\n";
  std::exit(2);
}

std::uint64_t parse_number(const std::string& flag, const std::string& text) {
  try {
    std::size_t used = 0;
    const unsigned long long v = std::stoull(text, &used);
    if (used != text.size()) usage(flag + ": not a number: " + text);
    return v;
  } catch (const std::exception&) {
    usage(flag + ": not a number: " + text);
  }
}

Options parse(int argc, char** argv) {
  Options o;
  bool have_n = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") usage("help");
    if (i + 1 >= argc) usage(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--generate") {
      o.n = parse_number(flag, value);
      have_n = true;
    } else if (flag == "--seed") {
      o.seed = parse_number(flag, value);
    } else if (flag == "--repeat") {
      o.repeat = static_cast<int>(std::clamp<std::uint64_t>(parse_number(flag, value), 1, 100));
    } else if (flag == "--write-edges") {
      o.edges_path = value;
    } else if (flag == "--write-nodes") {
      o.nodes_path = value;
    } else {
      usage("unknown option " + flag);
    }
  }
  if (!have_n || o.n == 0) usage("--generate N (N > 0) is required");
  if (o.nodes_path.empty() && !o.edges_path.empty()) o.nodes_path = o.edges_path + ".nodes";
  return o;
}

// Canonical (DOCDB-shaped) numbers; `serial` is unique per office and kind.
std::string number(const char* office, std::uint64_t serial) {
  const auto year = static_cast<unsigned>(2000 + serial % 24);
  const auto s = static_cast<unsigned long>(serial / 24);
  char buf[40];
  const std::string_view o(office);
  if (o == "JP") {
    std::snprintf(buf, sizeof buf, "JP%04u%06luA", year, s);
  } else if (o == "WO") {  // PCT filed at the JPO
    std::snprintf(buf, sizeof buf, "JP%04u%06luW", year, s);
  } else if (o == "US") {
    std::snprintf(buf, sizeof buf, "US%04u%08luA", year, s);
  } else if (o == "USP") {  // US provisional, never registered here
    std::snprintf(buf, sizeof buf, "US%04u6%07luP", year, s);
  } else if (o == "EP") {
    std::snprintf(buf, sizeof buf, "EP%02u%06luA", year % 100, s);
  } else {  // CN
    std::snprintf(buf, sizeof buf, "CN%04u1%07luA", year, s);
  }
  return buf;
}

class Generator {
 public:
  Generator(std::size_t n, std::uint64_t seed) : n_(n), rng_(seed) {}

  FamilyInput run() {
    in_.numbers.reserve(n_);
    in_.claims.reserve(n_ * 2);
    std::uint32_t previous_first = kNone;
    while (in_.numbers.size() < n_) {
      const std::uint32_t first = add("JP");
      if (first == kNone) break;
      // Domestic priority from an earlier, unregistered JP filing.
      if (chance(0.10)) claim(first, number("JP", 20'000'000 + serial_++), chance(0.95), false);

      // Priorities every filing abroad claims: the JP first filing, and for
      // some families a second one.
      std::vector<std::string> priorities{in_.numbers[first]};
      if (chance(0.6)) {
        if (previous_first != kNone && chance(0.5)) {
          priorities.push_back(in_.numbers[previous_first]);
        } else {
          priorities.push_back(number("USP", serial_++));
        }
      }
      previous_first = first;

      static constexpr std::array<int, 4> kWeights{10, 15, 30, 45};  // 0..3 filings abroad
      std::discrete_distribution<int> how_many(kWeights.begin(), kWeights.end());
      const int abroad = how_many(rng_);
      std::array<const char*, 4> offices{"WO", "US", "EP", "CN"};
      std::shuffle(offices.begin() + 1, offices.end(), rng_);
      // The PCT is the most likely filing abroad.
      if (!chance(0.85)) std::shuffle(offices.begin(), offices.end(), rng_);

      std::uint32_t pct = kNone;
      for (int f = 0; f < abroad; ++f) {
        const std::string_view office(offices[static_cast<std::size_t>(f)]);
        const std::uint32_t app = add(offices[static_cast<std::size_t>(f)]);
        if (app == kNone) break;
        claim_priorities(app, priorities);
        if (office == "WO") {
          pct = app;
        } else if (pct != kNone && chance(0.85)) {
          // National phase of the PCT: kept in its simple family.
          claim(app, in_.numbers[pct], true, true);
        }
        if (office == "US" && chance(0.4)) continuation(app, priorities, "US", chance(0.2) ? 2 : 1);
        if (office == "EP" && chance(0.10)) continuation(app, priorities, "EP", 1);
      }
    }
    return std::move(in_);
  }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  std::uint32_t add(const char* office) {
    if (in_.numbers.size() >= n_) return kNone;
    in_.numbers.push_back(number(office, serial_++));
    return static_cast<std::uint32_t>(in_.numbers.size() - 1);
  }

  void claim(std::uint32_t from, const std::string& to, bool active, bool contdiv) {
    in_.claims.push_back(FamilyClaim{from, to, active, contdiv});
  }

  void claim_priorities(std::uint32_t app, const std::vector<std::string>& priorities) {
    for (std::size_t p = 0; p < priorities.size(); ++p) {
      // The second priority is sometimes not claimed; a claim is now and
      // then lost (inactive).
      if (p > 0 && chance(0.1)) continue;
      claim(app, priorities[p], !chance(0.02), false);
    }
  }

  // Continuation (US) or divisional (EP) chain below `parent`.
  void continuation(std::uint32_t parent, const std::vector<std::string>& priorities,
                    const char* office, int depth) {
    for (int d = 0; d < depth; ++d) {
      const std::uint32_t child = add(office);
      if (child == kNone) return;
      claim(child, in_.numbers[parent], true, true);
      claim_priorities(child, priorities);
      parent = child;
    }
  }

  std::size_t n_;
  std::mt19937_64 rng_;
  std::uint64_t serial_ = 0;
  FamilyInput in_;
};

bool write_files(const Options& o, const FamilyInput& in) {
  if (o.edges_path.empty()) return true;
  std::ofstream edges(o.edges_path, std::ios::binary);
  edges << "u,v\n";
  for (const FamilyClaim& c : in.claims) edges << in.numbers[c.from] << ',' << c.to << '\n';
  std::ofstream nodes(o.nodes_path, std::ios::binary);
  nodes << "number\n";
  for (const std::string& s : in.numbers) nodes << s << '\n';
  edges.close();
  nodes.close();
  if (!edges || !nodes) {
    std::cerr << "family_bench: cannot write " << o.edges_path << " / " << o.nodes_path << "\n";
    return false;
  }
  return true;
}

std::size_t distinct(std::vector<std::uint32_t> v) {
  std::sort(v.begin(), v.end());
  return static_cast<std::size_t>(std::unique(v.begin(), v.end()) - v.begin());
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const FamilyInput in = Generator(o.n, o.seed).run();
  if (!write_files(o, in)) return 1;

  double best = 1e300;
  chizai::FamilyAssignment result;
  for (int r = 0; r < o.repeat; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    result = chizai::compute_families(in);
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
  }
  std::printf("families: %zu applications, %zu claims, extended %zu, simple %zu, wall %.3f s\n",
              in.numbers.size(), in.claims.size(), distinct(result.extended),
              distinct(result.simple), best);
  return 0;
}
