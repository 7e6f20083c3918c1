// assignment_bench: times assign_offers on a random candidate graph.
//
//   assignment_bench --companies N --packages M --per-company K --seed S
//                    [--networkx] [--boost-ssp] [--script PATH]
//
// Every company gets K distinct packages drawn uniformly from M, each with a
// score drawn uniformly from 1..1000 (the shape of `chizai match edges`: the
// top K packages per company). Solves with both caps 1 and prints
//   assignment: N companies, M packages, E edges, total T, X.XXX s
// --networkx also writes the edges to a temporary CSV and runs
// tests/graph/assignment_networkx.py on it (networkx max_weight_matching,
// timed inside Python), prints its total, time and the speed ratio, and
// exits 1 when the totals differ. --boost-ssp does the same with
// assign_offers_boost_ssp (Boost.Graph successive_shortest_path_nonnegative_
// weights). --script overrides the script's path (default: under
// CHIZAI_SOURCE_DIR).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "graph/assignment.h"

#ifndef CHIZAI_SOURCE_DIR
#define CHIZAI_SOURCE_DIR "."
#endif

namespace {

using chizai::AssignmentProblem;
using chizai::AssignmentResult;
using chizai::CandidateEdge;

struct Options {
  std::uint32_t companies = 0;
  std::uint32_t packages = 0;
  std::uint32_t per_company = 0;
  std::uint64_t seed = 1;
  bool networkx = false;
  bool boost_ssp = false;
  std::string script = std::string(CHIZAI_SOURCE_DIR) + "/tests/graph/assignment_networkx.py";
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "assignment_bench: " << problem << "\n"
            << "usage: assignment_bench --companies N --packages M --per-company K --seed S\n"
               "                        [--networkx] [--boost-ssp] [--script PATH]\n";
  std::exit(2);
}

std::uint64_t parse_number(const std::string& flag, const std::string& text, std::uint64_t max) {
  try {
    std::size_t used = 0;
    const unsigned long long v = std::stoull(text, &used);
    if (used != text.size() || text[0] == '-' || v > max) usage(flag + ": bad number: " + text);
    return v;
  } catch (const std::exception&) {
    usage(flag + ": not a number: " + text);
  }
}

Options parse(int argc, char** argv) {
  Options o;
  bool have_c = false, have_p = false, have_k = false;
  constexpr std::uint64_t kMax32 = 0x7fffffff;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") usage("help");
    if (flag == "--networkx") {
      o.networkx = true;
      continue;
    }
    if (flag == "--boost-ssp") {
      o.boost_ssp = true;
      continue;
    }
    if (i + 1 >= argc) usage(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--companies") {
      o.companies = static_cast<std::uint32_t>(parse_number(flag, value, kMax32));
      have_c = true;
    } else if (flag == "--packages") {
      o.packages = static_cast<std::uint32_t>(parse_number(flag, value, kMax32));
      have_p = true;
    } else if (flag == "--per-company") {
      o.per_company = static_cast<std::uint32_t>(parse_number(flag, value, kMax32));
      have_k = true;
    } else if (flag == "--seed") {
      o.seed = parse_number(flag, value, ~std::uint64_t{0});
    } else if (flag == "--script") {
      o.script = value;
    } else {
      usage("unknown option " + flag);
    }
  }
  if (!have_c || !have_p || !have_k) usage("--companies, --packages and --per-company are required");
  if (o.per_company > o.packages) usage("--per-company exceeds --packages");
  return o;
}

AssignmentProblem generate(const Options& o) {
  AssignmentProblem p;
  p.companies = o.companies;
  p.packages = o.packages;
  p.edges.reserve(std::size_t{o.companies} * o.per_company);
  std::mt19937_64 rng(o.seed);
  std::uniform_int_distribution<std::uint32_t> package(0, o.packages == 0 ? 0 : o.packages - 1);
  std::uniform_int_distribution<std::int64_t> score(1, 1000);
  std::vector<std::uint32_t> stamp(o.packages, 0);  // company + 1 that last drew it
  for (std::uint32_t c = 0; c < o.companies; ++c) {
    for (std::uint32_t k = 0; k < o.per_company;) {
      const std::uint32_t q = package(rng);
      if (stamp[q] == c + 1) continue;
      stamp[q] = c + 1;
      p.edges.push_back(CandidateEdge{c, q, score(rng)});
      ++k;
    }
  }
  return p;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Checks the caps and that every pair is a candidate edge with its score.
bool valid(const AssignmentProblem& p, const AssignmentResult& r) {
  std::vector<std::int64_t> per_company(p.companies, 0), per_package(p.packages, 0);
  std::vector<CandidateEdge> edges = p.edges;
  const auto less = [](const CandidateEdge& a, const CandidateEdge& b) {
    return a.company != b.company ? a.company < b.company : a.package < b.package;
  };
  std::sort(edges.begin(), edges.end(), less);
  std::int64_t total = 0;
  for (const CandidateEdge& e : r.pairs) {
    const auto it = std::lower_bound(edges.begin(), edges.end(), e, less);
    if (it == edges.end() || it->company != e.company || it->package != e.package ||
        it->score != e.score) {
      return false;
    }
    if (++per_company[e.company] > p.company_cap || ++per_package[e.package] > p.package_cap) {
      return false;
    }
    total += e.score;
  }
  return total == r.total;
}

struct NetworkxAnswer {
  bool ok = false;
  std::int64_t total = 0;
  double seconds = 0;
  std::string line;
};

NetworkxAnswer run_networkx(const Options& o, const AssignmentProblem& p) {
  NetworkxAnswer a;
  char path[] = "/tmp/assignment_bench_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) {
    std::cerr << "assignment_bench: cannot create a temporary file\n";
    return a;
  }
  close(fd);
  {
    std::ofstream out(path);
    out << "company,package,score\n";
    for (const CandidateEdge& e : p.edges) out << e.company << ',' << e.package << ',' << e.score << '\n';
    if (!out) {
      std::cerr << "assignment_bench: cannot write " << path << "\n";
      std::remove(path);
      return a;
    }
  }
  const std::string command = "/usr/bin/python3 '" + o.script + "' '" + path + "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    std::cerr << "assignment_bench: cannot run " << command << "\n";
    std::remove(path);
    return a;
  }
  std::string output;
  char buffer[4096];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  std::remove(path);
  // Expected: "total T pairs P seconds S"
  std::istringstream in(output);
  std::string key;
  bool have_total = false, have_seconds = false;
  while (in >> key) {
    if (key == "total") have_total = static_cast<bool>(in >> a.total);
    if (key == "seconds") have_seconds = static_cast<bool>(in >> a.seconds);
  }
  a.line = output;
  a.ok = status == 0 && have_total && have_seconds;
  if (!a.ok) std::cerr << "assignment_bench: " << command << " failed:\n" << output;
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const AssignmentProblem p = generate(o);

  const auto t0 = std::chrono::steady_clock::now();
  const AssignmentResult r = chizai::assign_offers(p);
  const double ours = seconds_since(t0);
  std::printf("assignment: %u companies, %u packages, %zu edges, total %lld, %.3f s\n",
              o.companies, o.packages, p.edges.size(), static_cast<long long>(r.total), ours);
  if (!valid(p, r)) {
    std::printf("assignment: INVALID result (caps or pairs)\n");
    return 1;
  }
  int status = 0;
  if (o.boost_ssp) {
    const auto t1 = std::chrono::steady_clock::now();
    const AssignmentResult b = chizai::assign_offers_boost_ssp(p);
    const double boost_s = seconds_since(t1);
    std::printf("boost ssp:  total %lld, %.3f s, %.1fx the time of assign_offers%s\n",
                static_cast<long long>(b.total), boost_s, boost_s / ours,
                b.total == r.total ? "" : " -- TOTALS DIFFER");
    if (b.total != r.total || !valid(p, b)) status = 1;
  }
  if (o.networkx) {
    const NetworkxAnswer nx = run_networkx(o, p);
    if (!nx.ok) return 1;
    std::printf("networkx:   total %lld, %.3f s (max_weight_matching), %.1fx faster%s\n",
                static_cast<long long>(nx.total), nx.seconds, nx.seconds / ours,
                nx.total == r.total ? "" : " -- TOTALS DIFFER");
    if (nx.total != r.total) status = 1;
  }
  return status;
}
