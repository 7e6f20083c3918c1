// match_bench: the matching figures of issue 5 §6, on generated data.
//
//   match_bench [--companies 20000] [--packages 5000] [--seed 7]
//               [--sub-companies 1000] [--sub-packages 500] [--no-networkx]
//               [--script PATH]
//
// 1. Ranking: builds the Matcher (inverted indexes) over the packages and
//    asks the top 10 packages, explained, for every company. Prints wall
//    time and peak RSS.
// 2. Assignment: the top 50 packages per company (scores only) become the
//    candidate edges of a MatchGraph; assign_offers solves the whole
//    candidate graph with caps 1. Prints the edge count, total and time.
// 3. Sub-graph: the same pipeline on the first sub-companies companies and
//    sub-packages packages; solved by assign_offers AND networkx
//    max_weight_matching (tests/graph/assignment_networkx.py) in the same
//    run, caps 1. Prints both totals and times and the speed ratio; exits 1
//    when the totals differ.
// The generated data: IPC codes from ~400 subclasses, English and Japanese
// title vocabularies, company interests drawn at every level near the
// packages' codes, keywords from the same vocabularies, 8 regions, some
// attendance and recorded interest.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "graph/assignment.h"
#include "graph/match_graph.h"
#include "matching/score.h"

#ifndef CHIZAI_SOURCE_DIR
#define CHIZAI_SOURCE_DIR "."
#endif

namespace {

using namespace chizai;
using namespace chizai::matching;

struct Options {
  std::size_t companies = 20000, packages = 5000, sub_companies = 1000, sub_packages = 500;
  std::uint64_t seed = 7;
  bool networkx = true;
  std::string script = std::string(CHIZAI_SOURCE_DIR) + "/tests/graph/assignment_networkx.py";
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "match_bench: " << flag << " needs a value\n";
        std::exit(64);
      }
      return argv[++i];
    };
    if (flag == "--companies") o.companies = std::stoul(next());
    else if (flag == "--packages") o.packages = std::stoul(next());
    else if (flag == "--sub-companies") o.sub_companies = std::stoul(next());
    else if (flag == "--sub-packages") o.sub_packages = std::stoul(next());
    else if (flag == "--seed") o.seed = std::stoull(next());
    else if (flag == "--no-networkx") o.networkx = false;
    else if (flag == "--script") o.script = next();
    else {
      std::cerr << "usage: match_bench [--companies N] [--packages M] [--seed S] [--sub-companies N] "
                   "[--sub-packages M] [--no-networkx] [--script PATH]\n";
      std::exit(64);
    }
  }
  return o;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

long peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

const char* kRegions[] = {"japan", "north_america", "europe", "china", "asia_other", "latin_america", "oceania",
                          "middle_east_africa"};
const char* kJapanese[] = {"リチウムイオン電池", "全固体電池", "正極材料", "負極", "電解質", "半導体", "発光素子",
                           "有機EL", "抗体医薬", "再生医療", "幹細胞", "遺伝子治療", "燃料電池", "水素貯蔵",
                           "触媒", "光触媒", "センサ", "画像処理", "機械学習", "自動運転", "ロボット", "制御",
                           "医療機器", "診断", "ワクチン", "農業", "食品", "繊維", "複合材料", "炭素繊維",
                           "量子計算", "通信", "無線", "アンテナ", "蓄電", "太陽電池", "熱電変換", "磁性材料"};

struct Generated {
  std::vector<PackageDoc> packages;
  std::vector<Company> companies;
  Signals signals;
};

Generated generate(const Options& o) {
  std::mt19937_64 rng(o.seed);
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  // ~400 subclasses: section letter, class number, subclass letter.
  std::vector<std::string> subclasses;
  const std::string sections = "ABCDEFGH";
  while (subclasses.size() < 400) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%c%02zu%c", sections[pick(8)], 1 + pick(60), static_cast<char>('A' + pick(26)));
    subclasses.emplace_back(buf);
  }
  std::vector<std::string> words;
  for (int i = 0; i < 3000; ++i) {
    std::string w;
    const std::size_t len = 4 + pick(6);
    for (std::size_t k = 0; k < len; ++k) w += static_cast<char>('a' + pick(26));
    words.push_back(w);
  }
  auto code_near = [&](std::size_t subclass) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %zu/%02zu", subclasses[subclass].c_str(), 1 + pick(30), pick(4) * 2 + 2);
    return std::string(buf);
  };
  Generated g;
  std::vector<std::size_t> theme(o.packages);
  for (std::size_t p = 0; p < o.packages; ++p) {
    PackageDoc d;
    char code[32];
    std::snprintf(code, sizeof code, "PKG-%05zu", p);
    d.code = code;
    theme[p] = pick(subclasses.size());
    const std::size_t members = 2 + pick(6);
    for (std::size_t m = 0; m < members; ++m) {
      d.member_codes.push_back(code_near(pick(4) == 0 ? pick(subclasses.size()) : theme[p]));
      for (int t = 0; t < 5; ++t) d.titles += words[pick(words.size())] + " ";
      d.titles += kJapanese[pick(std::size(kJapanese))];
      d.titles += "\n";
    }
    if (pick(5) == 0) d.covered_regions.push_back(kRegions[1 + pick(7)]);
    g.packages.push_back(std::move(d));
  }
  for (std::size_t c = 0; c < o.companies; ++c) {
    Company x;
    char code[32];
    std::snprintf(code, sizeof code, "C-%06zu", c);
    x.code = code;
    const bool domestic = pick(10) < 6;
    x.country = domestic ? "JP" : "US";
    x.region = domestic ? "japan" : kRegions[1 + pick(7)];
    x.size = pick(3) == 0 ? "startup" : "sme";
    const std::size_t interests = 1 + pick(5);
    for (std::size_t i = 0; i < interests; ++i) {
      const std::string& sc = subclasses[theme[pick(o.packages)]];
      switch (pick(4)) {
        case 0: x.interests.push_back({sc.substr(0, 3), 0.5}); break;
        case 1: x.interests.push_back({sc, 1.0}); break;
        default: {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%s %zu", sc.c_str(), 1 + pick(30));
          x.interests.push_back({buf, 1.0});
        }
      }
    }
    for (int k = 0; k < 4; ++k) x.keywords += words[pick(words.size())] + " ";
    x.keywords += kJapanese[pick(std::size(kJapanese))];
    g.companies.push_back(std::move(x));
  }
  for (std::size_t s = 0; s < o.companies; ++s) {
    g.signals.attended.emplace(g.companies[pick(o.companies)].code, g.packages[pick(o.packages)].code);
    if (pick(2) == 0) g.signals.interest.emplace(g.companies[pick(o.companies)].code, g.packages[pick(o.packages)].code);
  }
  return g;
}

struct NetworkxAnswer {
  bool ok = false;
  std::int64_t total = 0;
  double seconds = 0;
};

NetworkxAnswer run_networkx(const std::string& script, const CandidateProblem& cp) {
  NetworkxAnswer a;
  char path[] = "/tmp/match_bench_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return a;
  close(fd);
  {
    std::ofstream out(path);
    out << "company,package,score\n";
    for (const auto& e : cp.problem.edges) out << e.company << ',' << e.package << ',' << e.score << '\n';
  }
  const std::string command = "/usr/bin/python3 '" + script + "' '" + path + "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    std::remove(path);
    return a;
  }
  std::string output;
  char buffer[4096];
  while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
  const int status = pclose(pipe);
  std::remove(path);
  std::istringstream in(output);
  std::string key;
  bool have_total = false, have_seconds = false;
  while (in >> key) {
    if (key == "total") have_total = static_cast<bool>(in >> a.total);
    if (key == "seconds") have_seconds = static_cast<bool>(in >> a.seconds);
  }
  a.ok = status == 0 && have_total && have_seconds;
  if (!a.ok) std::cerr << "match_bench: " << command << " failed:\n" << output;
  return a;
}

// Top k per company (scores only) as candidate links of a fresh graph.
// `score_s` and `graph_s` receive the time spent ranking and adding links.
MatchGraph candidate_graph(const Matcher& m, const std::vector<Company>& companies, const Signals& s,
                           std::size_t k, std::size_t& edges, double& score_s, double& graph_s) {
  MatchGraph g;
  edges = 0;
  score_s = graph_s = 0;
  for (const auto& c : companies) {
    auto t = std::chrono::steady_clock::now();
    const auto top = m.top_packages(c, k, s, Detail::scores);
    score_s += seconds_since(t);
    t = std::chrono::steady_clock::now();
    for (const auto& x : top) {
      g.link(LinkKind::candidate, NodeKind::company, x.company, NodeKind::package, x.package, x.score);
      ++edges;
    }
    graph_s += seconds_since(t);
  }
  return g;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::printf("== match: %zu companies x %zu packages (seed %llu; machine: %ld cores)\n", o.companies,
              o.packages, static_cast<unsigned long long>(o.seed), sysconf(_SC_NPROCESSORS_ONLN));
  auto t = std::chrono::steady_clock::now();
  Generated g = generate(o);
  std::printf("generate: %.2f s\n", seconds_since(t));

  t = std::chrono::steady_clock::now();
  auto built = Matcher::build(g.packages);
  if (!built) {
    std::cerr << "match_bench: " << built.error().message << '\n';
    return 1;
  }
  const Matcher& matcher = built.value();
  const double build_s = seconds_since(t);
  t = std::chrono::steady_clock::now();
  std::size_t results = 0;
  for (const auto& c : g.companies) results += matcher.top_packages(c, 10, g.signals).size();
  const double rank_s = seconds_since(t);
  std::printf("top 10 for every company: %zu results, index build %.2f s + ranking %.2f s = %.2f s wall, "
              "peak RSS %ld MB (goal < 10 s, < 2048 MB)\n",
              results, build_s, rank_s, build_s + rank_s, peak_rss_mb());

  std::size_t edges = 0;
  double score_s = 0, graph_s = 0;
  MatchGraph graph = candidate_graph(matcher, g.companies, g.signals, 50, edges, score_s, graph_s);
  t = std::chrono::steady_clock::now();
  const CandidateProblem cp = graph.candidate_problem({}, 1, 1);
  const double problem_s = seconds_since(t);
  t = std::chrono::steady_clock::now();
  const AssignmentResult r = assign_offers(cp.problem);
  const double assign_s = seconds_since(t);
  std::printf("candidate edges (top 50 per company): %zu, ranked in %.2f s, graph links %.2f s, as an "
              "assignment problem %.2f s\n",
              edges, score_s, graph_s, problem_s);
  std::printf("assignment on the full candidate graph (caps 1): %zu pairs, total %lld, solver %.2f s, "
              "graph to answer %.2f s (goal < 10 s); peak RSS %ld MB\n",
              r.pairs.size(), static_cast<long long>(r.total), assign_s, problem_s + assign_s, peak_rss_mb());

  // Sub-graph: first sub_companies companies, first sub_packages packages.
  std::vector<PackageDoc> sub_packages(g.packages.begin(),
                                       g.packages.begin() + static_cast<std::ptrdiff_t>(std::min(o.sub_packages, g.packages.size())));
  std::vector<Company> sub_companies(g.companies.begin(),
                                     g.companies.begin() + static_cast<std::ptrdiff_t>(std::min(o.sub_companies, g.companies.size())));
  auto sub = Matcher::build(sub_packages);
  if (!sub) return 1;
  std::size_t sub_edges = 0;
  MatchGraph sub_graph = candidate_graph(sub.value(), sub_companies, g.signals, 50, sub_edges, score_s, graph_s);
  const CandidateProblem scp = sub_graph.candidate_problem({}, 1, 1);
  t = std::chrono::steady_clock::now();
  const AssignmentResult sr = assign_offers(scp.problem);
  const double ours = seconds_since(t);
  std::printf("sub-graph %zu companies x %zu packages: %zu edges; chizai assign_offers total %lld, %.3f s\n",
              sub_companies.size(), sub_packages.size(), sub_edges, static_cast<long long>(sr.total), ours);
  if (!o.networkx) return 0;
  const NetworkxAnswer nx = run_networkx(o.script, scp);
  if (!nx.ok) return 1;
  std::printf("networkx max_weight_matching: total %lld, %.3f s; chizai is %.0fx faster; totals %s "
              "(goal: equal, >= 20x)\n",
              static_cast<long long>(nx.total), nx.seconds, nx.seconds / std::max(ours, 1e-6),
              nx.total == sr.total ? "equal" : "DIFFER");
  return nx.total == sr.total ? 0 : 1;
}
