// Deterministic demo data: see demo_data.h.
//
// Layout of this file: PRNG, day numbers (over core/date.h), JSON Lines
// records (over io/json_writer.h), the output buffer, the institution tables,
// the topic vocabulary, the number spaces of the offices, the family
// generator, and the aggregation scheme (scheme.jsonl), planned from a
// bounded sample of the patents as they stream past.
//
// The generator builds one patent family at a time (first filings, then the
// applications claiming them), writes it and forgets it: memory does not grow
// with the number of patents. Application numbers come from per-office,
// per-year counters that advance by random gaps, so they are unique without a
// set of all numbers.
#include "demo/demo_data.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "io/json_writer.h"
#include "licensing/agreement.h"
#include "licensing/royalty.h"

namespace chizai {
namespace {

// ---------------------------------------------------------------------------
// PRNG: xoshiro256** seeded through splitmix64. Portable and exact.

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& word : s_) word = splitmix64(x);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n). REQUIRES: n > 0.
  std::uint64_t below(std::uint64_t n) {
    assert(n > 0);
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    for (;;) {
      const std::uint64_t r = next();
      if (r >= threshold) return r % n;
    }
  }
  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  int range(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  std::size_t index(std::size_t n) { return static_cast<std::size_t>(below(n)); }
  // True with probability p/1000.
  bool permille(int p) { return below(1000) < static_cast<std::uint64_t>(p); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

// Index into `weights` drawn with probability proportional to the weight.
template <std::size_t N>
std::size_t pick_weighted(Rng& rng, const std::array<int, N>& weights) {
  int total = 0;
  for (int w : weights) total += w;
  int r = rng.range(0, total - 1);
  for (std::size_t i = 0; i < N; ++i) {
    if (r < weights[i]) return i;
    r -= weights[i];
  }
  return N - 1;
}

// ---------------------------------------------------------------------------
// Days. The generator draws, compares and offsets dates as day numbers
// (Date::days_since_epoch); the calendar itself is core/date.h's.

// The day number of a valid date. REQUIRES: y-m-d exists.
int day_of(int y, int m, int d) { return Date::from_ymd(y, m, d).value().days_since_epoch(); }

// "YYYY-MM-DD" of a day number.
std::string date_text(int day) { return Date::from_days(day).to_string(); }

// Adds whole months, clamping the day to the end of the target month.
int add_months(int day, int months) {
  return Date::from_days(day).add_months(months).days_since_epoch();
}

int year_of(int day) { return Date::from_days(day).year(); }

// The day itself if a weekday, else the next Monday.
int weekday_on_or_after(int day) {
  const int w = Date::from_days(day).iso_weekday();
  return w == 6 ? day + 2 : w == 7 ? day + 1 : day;
}
// The day itself if a weekday, else the previous Friday.
int weekday_on_or_before(int day) {
  const int w = Date::from_days(day).iso_weekday();
  return w == 6 ? day - 1 : w == 7 ? day - 2 : day;
}

const int kFirstFiling = day_of(2005, 1, 1);
const int kLastFiling = day_of(2024, 12, 31);
// The data set describes the world as of this day: nothing is filed,
// published or granted later.
const int kAsOf = day_of(2025, 3, 31);

// ---------------------------------------------------------------------------
// Text.

// Appends the decimal digits of `v`, zero-padded to `width` (the number
// spaces of the offices: "JP2013" + "012345").
void append_uint(std::string& out, std::uint64_t v, int width = 1) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n < width) buf[n++] = '0';
  while (n > 0) out.push_back(buf[--n]);
}

// One JSON Lines record: a compact object, keys in the order written.
// JsonWriter holds the grammar and the escaping; done() closes the object
// and ends the line.
class Record {
 public:
  Record() { w_.begin_object(); }
  JsonWriter& w() { return w_; }
  Record& str(std::string_view key, std::string_view v) {
    w_.field(key, v);
    return *this;
  }
  Record& date(std::string_view key, int day) { return str(key, date_text(day)); }
  Record& num(std::string_view key, std::int64_t v) {
    w_.field(key, v);
    return *this;
  }
  Record& flag(std::string_view key, bool v) {
    w_.field(key, v);
    return *this;
  }
  // An array of strings, get(item) for each item of `items`.
  template <class Range, class Get>
  Record& list(std::string_view key, const Range& items, Get get) {
    w_.key(key).begin_array();
    for (const auto& item : items) w_.value(std::string_view(get(item)));
    w_.end_array();
    return *this;
  }
  std::string done() {
    w_.end_object();
    std::string line = w_.take();
    line.push_back('\n');
    return line;
  }

 private:
  JsonWriter w_;
};

// A file written through a large buffer. Throws std::runtime_error on any
// failure.
class OutFile {
 public:
  static constexpr std::size_t kBuffer = std::size_t{1} << 20;

  explicit OutFile(const std::filesystem::path& path) : path_(path.string()) {
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) fail("cannot open");
    buf_.reserve(kBuffer + (std::size_t{1} << 16));
  }
  OutFile(const OutFile&) = delete;
  OutFile& operator=(const OutFile&) = delete;
  ~OutFile() {
    if (file_ != nullptr) std::fclose(file_);
  }

  std::string& buf() { return buf_; }
  // Call after each line.
  void line_done() {
    if (buf_.size() >= kBuffer) flush();
  }
  void close() {
    flush();
    std::FILE* f = file_;
    file_ = nullptr;
    if (std::fclose(f) != 0) fail("cannot close");
  }

 private:
  void flush() {
    if (buf_.empty()) return;
    if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) fail("cannot write");
    buf_.clear();
  }
  [[noreturn]] void fail(const char* what) {
    const int err = errno;
    throw std::runtime_error(std::string("demo data: ") + what + " " + path_ + ": " +
                             std::strerror(err));
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buf_;
};

// ---------------------------------------------------------------------------
// Institutions. The table does not depend on the seed.

struct InstitutionRow {
  const char* code;
  const char* name_en;
  const char* name_ja;
};

// Roughly by patent volume, largest first: owners are drawn with a skew
// toward the front of the list.
constexpr InstitutionRow kUniversities[] = {
    {"U-TOKYO", "The University of Tokyo", "東京大学"},
    {"U-KYOTO", "Kyoto University", "京都大学"},
    {"U-OSAKA", "Osaka University", "大阪大学"},
    {"U-TOHOKU", "Tohoku University", "東北大学"},
    {"U-TOKYOTECH", "Tokyo Institute of Technology", "東京工業大学"},
    {"U-KYUSHU", "Kyushu University", "九州大学"},
    {"U-NAGOYA", "Nagoya University", "名古屋大学"},
    {"U-HOKKAIDO", "Hokkaido University", "北海道大学"},
    {"U-KEIO", "Keio University", "慶應義塾大学"},
    {"U-TSUKUBA", "University of Tsukuba", "筑波大学"},
    {"U-HIROSHIMA", "Hiroshima University", "広島大学"},
    {"U-KOBE", "Kobe University", "神戸大学"},
    {"U-WASEDA", "Waseda University", "早稲田大学"},
    {"U-TUS", "Tokyo University of Science", "東京理科大学"},
    {"U-CHIBA", "Chiba University", "千葉大学"},
    {"U-OKAYAMA", "Okayama University", "岡山大学"},
    {"U-KANAZAWA", "Kanazawa University", "金沢大学"},
    {"U-KUMAMOTO", "Kumamoto University", "熊本大学"},
    {"U-SHINSHU", "Shinshu University", "信州大学"},
    {"U-YAMAGUCHI", "Yamaguchi University", "山口大学"},
    {"U-GUNMA", "Gunma University", "群馬大学"},
    {"U-TOKUSHIMA", "Tokushima University", "徳島大学"},
    {"U-NITECH", "Nagoya Institute of Technology", "名古屋工業大学"},
    {"U-KYUTECH", "Kyushu Institute of Technology", "九州工業大学"},
    {"U-SHIZUOKA", "Shizuoka University", "静岡大学"},
    {"U-YNU", "Yokohama National University", "横浜国立大学"},
    {"U-TMDU", "Tokyo Medical and Dental University", "東京医科歯科大学"},
    {"U-TUAT", "Tokyo University of Agriculture and Technology", "東京農工大学"},
    {"U-NAIST", "Nara Institute of Science and Technology", "奈良先端科学技術大学院大学"},
    {"U-JAIST", "Japan Advanced Institute of Science and Technology",
     "北陸先端科学技術大学院大学"},
    {"U-RITSUMEIKAN", "Ritsumeikan University", "立命館大学"},
    {"U-OMU", "Osaka Metropolitan University", "大阪公立大学"},
    {"U-NIIGATA", "Niigata University", "新潟大学"},
    {"U-GIFU", "Gifu University", "岐阜大学"},
    {"U-MIE", "Mie University", "三重大学"},
    {"U-KAGOSHIMA", "Kagoshima University", "鹿児島大学"},
    {"U-NAGASAKI", "Nagasaki University", "長崎大学"},
    {"U-EHIME", "Ehime University", "愛媛大学"},
    {"U-TUT", "Toyohashi University of Technology", "豊橋技術科学大学"},
    {"U-NAGAOKAUT", "Nagaoka University of Technology", "長岡技術科学大学"},
    {"U-KIT", "Kyoto Institute of Technology", "京都工芸繊維大学"},
    {"U-UEC", "The University of Electro-Communications", "電気通信大学"},
    {"U-TMU", "Tokyo Metropolitan University", "東京都立大学"},
    {"U-YCU", "Yokohama City University", "横浜市立大学"},
    {"U-NCU", "Nagoya City University", "名古屋市立大学"},
    {"U-HYOGO", "University of Hyogo", "兵庫県立大学"},
    {"U-DOSHISHA", "Doshisha University", "同志社大学"},
    {"U-KANSAI", "Kansai University", "関西大学"},
    {"U-NIHON", "Nihon University", "日本大学"},
    {"U-TOKAI", "Tokai University", "東海大学"},
    {"U-MEIJI", "Meiji University", "明治大学"},
    {"U-KINDAI", "Kindai University", "近畿大学"},
    {"U-SHIBAURA", "Shibaura Institute of Technology", "芝浦工業大学"},
    {"U-HIROSAKI", "Hirosaki University", "弘前大学"},
    {"U-IWATE", "Iwate University", "岩手大学"},
    {"U-AKITA", "Akita University", "秋田大学"},
    {"U-YAMAGATA", "Yamagata University", "山形大学"},
    {"U-IBARAKI", "Ibaraki University", "茨城大学"},
    {"U-UTSUNOMIYA", "Utsunomiya University", "宇都宮大学"},
    {"U-SAITAMA", "Saitama University", "埼玉大学"},
    {"U-TOYAMA", "University of Toyama", "富山大学"},
    {"U-FUKUI", "University of Fukui", "福井大学"},
    {"U-YAMANASHI", "University of Yamanashi", "山梨大学"},
    {"U-TOTTORI", "Tottori University", "鳥取大学"},
    {"U-SHIMANE", "Shimane University", "島根大学"},
    {"U-KAGAWA", "Kagawa University", "香川大学"},
    {"U-KOCHI", "Kochi University", "高知大学"},
    {"U-SAGA", "Saga University", "佐賀大学"},
    {"U-OITA", "Oita University", "大分大学"},
    {"U-MIYAZAKI", "University of Miyazaki", "宮崎大学"},
    {"U-RYUKYUS", "University of the Ryukyus", "琉球大学"},
    {"U-MURORAN", "Muroran Institute of Technology", "室蘭工業大学"},
    {"U-KITAMI", "Kitami Institute of Technology", "北見工業大学"},
    {"U-OBIHIRO", "Obihiro University of Agriculture and Veterinary Medicine", "帯広畜産大学"},
    {"U-TUMSAT", "Tokyo University of Marine Science and Technology", "東京海洋大学"},
    {"U-OCHANOMIZU", "Ochanomizu University", "お茶の水女子大学"},
    {"U-NWU", "Nara Women's University", "奈良女子大学"},
    {"U-SUMS", "Shiga University of Medical Science", "滋賀医科大学"},
    {"U-KPUM", "Kyoto Prefectural University of Medicine", "京都府立医科大学"},
    {"U-KPU", "Kyoto Prefectural University", "京都府立大学"},
    {"U-AIZU", "The University of Aizu", "会津大学"},
    {"U-FUNHAKODATE", "Future University Hakodate", "公立はこだて未来大学"},
    {"U-KITAKYUSHU", "The University of Kitakyushu", "北九州市立大学"},
    {"U-USHIZUOKA", "University of Shizuoka", "静岡県立大学"},
    {"U-KUT", "Kochi University of Technology", "高知工科大学"},
    {"U-OIST", "Okinawa Institute of Science and Technology Graduate University",
     "沖縄科学技術大学院大学"},
    {"U-KWANSEI", "Kwansei Gakuin University", "関西学院大学"},
    {"U-CHUO", "Chuo University", "中央大学"},
    {"U-HOSEI", "Hosei University", "法政大学"},
    {"U-SOPHIA", "Sophia University", "上智大学"},
    {"U-JIKEI", "The Jikei University School of Medicine", "東京慈恵会医科大学"},
    {"U-JUNTENDO", "Juntendo University", "順天堂大学"},
    {"U-KITASATO", "Kitasato University", "北里大学"},
    {"U-TDU", "Tokyo Denki University", "東京電機大学"},
    {"U-MEIJO", "Meijo University", "名城大学"},
    {"U-FUKUOKA", "Fukuoka University", "福岡大学"},
    {"U-KONAN", "Konan University", "甲南大学"},
    {"U-KOGAKUIN", "Kogakuin University", "工学院大学"},
    {"U-TOYOTATI", "Toyota Technological Institute", "豊田工業大学"},
};

constexpr InstitutionRow kTlos[] = {
    {"T-TODAITLO", "TODAI TLO, Ltd.", "株式会社東京大学TLO"},
    {"T-TOHOKU", "Tohoku Techno Arch Co., Ltd.", "株式会社東北テクノアーチ"},
    {"T-KANSAI", "Kansai TLO Co., Ltd.", "関西ティー・エル・オー株式会社"},
    {"T-TLOKYOTO", "TLO-Kyoto Co., Ltd.", "株式会社TLO京都"},
    {"T-NISRI", "Nagoya Industrial Science Research Institute", "公益財団法人名古屋産業科学研究所"},
    {"T-KYUSHU", "Kyushu TLO Company, Ltd.", "株式会社産学連携機構九州"},
    {"T-TAMA", "Tama TLO Ltd.", "タマティーエルオー株式会社"},
    {"T-YAMAGUCHI", "Yamaguchi TLO Co., Ltd.", "有限会社山口ティー・エル・オー"},
    {"T-SHIKOKU", "Technology Network Shikoku Co., Ltd.", "株式会社テクノネットワーク四国"},
    {"T-KAGOSHIMA", "Kagoshima TLO Co., Ltd.", "株式会社鹿児島TLO"},
    {"T-MIE", "Mie TLO Co., Ltd.", "三重ティーエルオー株式会社"},
    {"T-NAGASAKI", "Nagasaki TLO Co., Ltd.", "株式会社長崎TLO"},
    {"T-HOKKAIDO", "Hokkaido TLO Co., Ltd.", "北海道ティー・エル・オー株式会社"},
    {"T-NUBIC", "Nihon University Business, Research and Intellectual Property Center",
     "日本大学産官学連携知財センター"},
    {"T-HAMAMATSU", "Hamamatsu Foundation for Science and Technology Promotion",
     "公益財団法人浜松科学技術研究振興会"},
    {"T-FAIS", "Kitakyushu Foundation for the Advancement of Industry, Science and Technology",
     "公益財団法人北九州産業学術推進機構"},
    {"T-OKAYAMA", "Okayama TLO Co., Ltd.", "岡山TLO株式会社"},
    {"T-KUMAMOTO", "Kumamoto TLO Co., Ltd.", "株式会社くまもとTLO"},
    {"T-HIROSHIMA", "Hiroshima TLO Co., Ltd.", "株式会社広島TLO"},
    {"T-CHIBA", "Chiba TLO Co., Ltd.", "株式会社千葉TLO"},
    {"T-NIIGATA", "Niigata TLO Co., Ltd.", "株式会社新潟TLO"},
    {"T-SHINSHU", "Shinshu TLO Co., Ltd.", "株式会社信州TLO"},
};

constexpr InstitutionRow kPublicLabs[] = {
    {"L-RIKEN", "RIKEN", "国立研究開発法人理化学研究所"},
    {"L-AIST", "National Institute of Advanced Industrial Science and Technology",
     "国立研究開発法人産業技術総合研究所"},
    {"L-NIMS", "National Institute for Materials Science", "国立研究開発法人物質・材料研究機構"},
    {"L-JAXA", "Japan Aerospace Exploration Agency", "国立研究開発法人宇宙航空研究開発機構"},
    {"L-NICT", "National Institute of Information and Communications Technology",
     "国立研究開発法人情報通信研究機構"},
    {"L-QST", "National Institutes for Quantum Science and Technology",
     "国立研究開発法人量子科学技術研究開発機構"},
    {"L-NARO", "National Agriculture and Food Research Organization",
     "国立研究開発法人農業・食品産業技術総合研究機構"},
    {"L-JAEA", "Japan Atomic Energy Agency", "国立研究開発法人日本原子力研究開発機構"},
    {"L-NCC", "National Cancer Center Japan", "国立研究開発法人国立がん研究センター"},
    {"L-NCGM", "National Center for Global Health and Medicine",
     "国立研究開発法人国立国際医療研究センター"},
    {"L-NIBIOHN", "National Institutes of Biomedical Innovation, Health and Nutrition",
     "国立研究開発法人医薬基盤・健康・栄養研究所"},
    {"L-NCVC", "National Cerebral and Cardiovascular Center",
     "国立研究開発法人国立循環器病研究センター"},
};

constexpr InstitutionRow kOthers[] = {
    {"O-NEDO", "New Energy and Industrial Technology Development Organization",
     "国立研究開発法人新エネルギー・産業技術総合開発機構"},
    {"O-AMED", "Japan Agency for Medical Research and Development",
     "国立研究開発法人日本医療研究開発機構"},
    {"O-KISTEC", "Kanagawa Institute of Industrial Science and Technology",
     "地方独立行政法人神奈川県立産業技術総合研究所"},
    {"O-ORIST", "Osaka Research Institute of Industrial Science and Technology",
     "地方独立行政法人大阪産業技術研究所"},
    {"O-INPIT", "National Center for Industrial Property Information and Training",
     "独立行政法人工業所有権情報・研修館"},
};

constexpr InstitutionRow kAggregator = {"AGG-JST", "Japan Science and Technology Agency",
                                        "科学技術振興機構"};

struct Part {
  const char* en;
  const char* ja;
};

// Synthetic company names: prefix × business word, e.g. "Sakura Denki K.K." /
// "さくら電機株式会社".
constexpr Part kJpPrefixes[] = {
    {"Sakura", "さくら"},   {"Aoba", "青葉"},       {"Midori", "みどり"},   {"Hikari", "ひかり"},
    {"Tsubasa", "つばさ"},  {"Hoshizora", "星空"},  {"Kazahana", "風花"},   {"Minato", "みなと"},
    {"Kotobuki", "寿"},     {"Hayate", "疾風"},     {"Wakaba", "若葉"},     {"Shirakaba", "白樺"},
    {"Akatsuki", "暁"},     {"Harukaze", "春風"},   {"Kirameki", "きらめき"}, {"Nagisa", "渚"},
    {"Kasumi", "かすみ"},   {"Tsukikage", "月影"},  {"Mirai", "未来"},      {"Hinode", "日の出"},
    {"Shinonome", "東雲"},  {"Izumi", "泉"},        {"Kaede", "楓"},        {"Yamabuki", "山吹"},
    {"Ginga", "銀河"},      {"Sora", "そら"},         {"Umi", "うみ"},          {"Hokuto", "北斗"},
    {"Suzukaze", "涼風"},   {"Asagiri", "朝霧"},
};
constexpr Part kJpBusinesses[] = {
    {"Denki", "電機"},       {"Kagaku", "化学"},     {"Seiyaku", "製薬"},   {"Kogyo", "工業"},
    {"Seisakusho", "製作所"}, {"Tsushin", "通信"},    {"Zairyo", "材料"},    {"Kikai", "機械"},
    {"Shokuhin", "食品"},    {"Kogaku", "光学"},     {"Sangyo", "産業"},    {"Denshi", "電子"},
    {"Giken", "技研"},       {"Bio", "バイオ"},      {"Medical", "メディカル"}, {"Energy", "エナジー"},
    {"Systems", "システムズ"}, {"Jidosha", "自動車"},
};
constexpr Part kUsPrefixes[] = {
    {"Pacific", "パシフィック"}, {"Summit", "サミット"},     {"Atlas", "アトラス"},
    {"Vertex", "バーテックス"},  {"Meridian", "メリディアン"}, {"Keystone", "キーストーン"},
    {"Horizon", "ホライズン"},   {"Cascade", "カスケード"},   {"Redwood", "レッドウッド"},
    {"Granite", "グラナイト"},
};
constexpr Part kUsBusinesses[] = {
    {"Biosciences", "バイオサイエンシズ"}, {"Semiconductor", "セミコンダクター"},
    {"Therapeutics", "セラピューティクス"}, {"Materials", "マテリアルズ"},
    {"Systems", "システムズ"},             {"Photonics", "フォトニクス"},
    {"Robotics", "ロボティクス"},
};
constexpr Part kDePrefixes[] = {
    {"Nordlicht", "ノルトリヒト"}, {"Lindenau", "リンデナウ"}, {"Eichwald", "アイヒヴァルト"},
    {"Sonnberg", "ゾンベルク"},   {"Elbtal", "エルプタール"},
};
constexpr Part kDeBusinesses[] = {
    {"Chemie", "ケミー"},   {"Optik", "オプティク"},       {"Medizintechnik", "メディツィンテヒニク"},
    {"Werkstoffe", "ヴェルクシュトッフェ"}, {"Elektronik", "エレクトロニク"},
};
constexpr Part kCnPrefixes[] = {
    {"Xinghe", "星河"}, {"Huaxin", "華芯"}, {"Jinlong", "金龍"},
    {"Hengtai", "恒泰"}, {"Ruida", "瑞達"},
};
constexpr Part kCnBusinesses[] = {
    {"Technology", "科技"}, {"New Materials", "新材料"}, {"Biopharmaceutical", "生物医薬"},
    {"Electronics", "電子"}, {"Energy", "能源"},
};
constexpr Part kKrPrefixes[] = {
    {"Hanbit", "ハンビット"}, {"Saebyeok", "セビョク"}, {"Areum", "アルム"},
    {"Dasan", "ダサン"},     {"Nuri", "ヌリ"},
};
constexpr Part kKrBusinesses[] = {
    {"Electronics", "電子"}, {"Bio", "バイオ"}, {"Chemical", "化学"},
    {"Materials", "素材"},   {"Semiconductor", "半導体"},
};

constexpr int kCompanies = 180;

struct Company {
  std::string code;  // "C-0001"
  std::string name_en;
  std::string name_ja;
  const char* country;
};

// The k-th distinct (prefix, business) pair: a stride coprime with the
// number of pairs visits each pair once.
template <std::size_t P, std::size_t B>
std::pair<const Part*, const Part*> name_pair(const Part (&prefixes)[P], const Part (&businesses)[B],
                                              std::size_t k, std::size_t stride) {
  const std::size_t q = (k * stride + 3) % (P * B);
  return {&prefixes[q / B], &businesses[q % B]};
}

std::vector<Company> make_companies() {
  std::vector<Company> out;
  out.reserve(kCompanies);
  std::size_t jp = 0;
  std::size_t foreign = 0;
  std::array<std::size_t, 4> per_country{};  // US, DE, CN, KR
  for (int c = 0; c < kCompanies; ++c) {
    Company co;
    co.code = "C-";
    append_uint(co.code, static_cast<std::uint64_t>(c + 1), 4);
    if (c % 6 != 5) {
      const auto [p, b] = name_pair(kJpPrefixes, kJpBusinesses, jp++, 97);
      co.name_en = std::string(p->en) + " " + b->en + " K.K.";
      co.name_ja = std::string(p->ja) + b->ja + "株式会社";
      co.country = "JP";
    } else {
      // US twice as often as each of DE, CN, KR.
      constexpr std::array<std::size_t, 5> kCycle = {0, 1, 2, 3, 0};
      const std::size_t country = kCycle[foreign++ % kCycle.size()];
      const std::size_t k = per_country[country]++;
      if (country == 0) {
        const auto [p, b] = name_pair(kUsPrefixes, kUsBusinesses, k, 3);
        co.name_en = std::string(p->en) + " " + b->en + " Inc.";
        co.name_ja = std::string(p->ja) + "・" + b->ja + "・インク";
        co.country = "US";
      } else if (country == 1) {
        const auto [p, b] = name_pair(kDePrefixes, kDeBusinesses, k, 7);
        co.name_en = std::string(p->en) + " " + b->en + " GmbH";
        co.name_ja = std::string(p->ja) + "・" + b->ja + "・ゲーエムベーハー";
        co.country = "DE";
      } else if (country == 2) {
        const auto [p, b] = name_pair(kCnPrefixes, kCnBusinesses, k, 7);
        co.name_en = std::string(p->en) + " " + b->en + " Co., Ltd.";
        co.name_ja = std::string(p->ja) + b->ja + "有限公司";
        co.country = "CN";
      } else {
        const auto [p, b] = name_pair(kKrPrefixes, kKrBusinesses, k, 7);
        co.name_en = std::string(p->en) + " " + b->en + " Co., Ltd.";
        co.name_ja = std::string(p->ja) + b->ja + "株式会社";
        co.country = "KR";
      }
    }
    out.push_back(std::move(co));
  }
  return out;
}

void write_institution(OutFile& out, std::string_view code, const char* kind,
                       std::string_view name_en, std::string_view name_ja, const char* country) {
  Record r;
  r.str("code", code).str("kind", kind).str("name_en", name_en).str("name_ja", name_ja);
  out.buf() += r.str("country", country).done();
  out.line_done();
}

// ---------------------------------------------------------------------------
// Topics: IPC symbols and title vocabulary that match them.

enum class TitleClass { kMaterial, kDevice, kBio };

struct Noun {
  const char* en;
  const char* ja;
};

struct Topic {
  int weight;
  TitleClass cls;
  std::array<const char*, 4> ipc;  // ipc[0] is the main group
  std::array<Noun, 4> nouns;
};

constexpr Topic kTopics[] = {
    {6, TitleClass::kMaterial, {"H01M 10/052", "H01M 4/525", "H01M 10/0562", "H01M 4/62"},
     {{{"Lithium-ion battery electrode", "リチウムイオン電池用電極"},
       {"Positive electrode active material", "正極活物質"},
       {"Sulfide solid electrolyte", "硫化物固体電解質"},
       {"All-solid-state battery", "全固体電池"}}}},
    {2, TitleClass::kMaterial, {"H01M 8/10", "H01M 4/86", "H01M 8/1018", "B01J 23/42"},
     {{{"Fuel cell electrode catalyst", "燃料電池用電極触媒"},
       {"Polymer electrolyte membrane", "高分子電解質膜"},
       {"Solid oxide fuel cell", "固体酸化物形燃料電池"},
       {"Membrane electrode assembly", "膜電極接合体"}}}},
    {6, TitleClass::kMaterial, {"H01L 21/02", "H01L 29/786", "H01L 29/78", "H01L 21/3065"},
     {{{"Semiconductor device", "半導体装置"},
       {"Thin-film transistor", "薄膜トランジスタ"},
       {"Silicon carbide semiconductor device", "炭化ケイ素半導体装置"},
       {"Oxide semiconductor film", "酸化物半導体膜"}}}},
    {3, TitleClass::kMaterial, {"H01L 33/32", "H01S 5/183", "H01L 33/50", "C09K 11/08"},
     {{{"Nitride semiconductor light-emitting element", "窒化物半導体発光素子"},
       {"Surface-emitting laser", "面発光レーザ"},
       {"Phosphor", "蛍光体"},
       {"Deep ultraviolet light-emitting diode", "深紫外発光ダイオード"}}}},
    {2, TitleClass::kMaterial, {"H10K 30/50", "H01L 31/0224", "H01L 31/18", "H10K 85/50"},
     {{{"Perovskite solar cell", "ペロブスカイト太陽電池"},
       {"Photoelectric conversion element", "光電変換素子"},
       {"Solar cell module", "太陽電池モジュール"},
       {"Hole transport material", "正孔輸送材料"}}}},
    {5, TitleClass::kDevice, {"G06N 3/08", "G06N 3/04", "G06N 20/00", "G06N 5/04"},
     {{{"Information processing device", "情報処理装置"},
       {"Neural network learning device", "ニューラルネットワーク学習装置"},
       {"Machine learning system", "機械学習システム"},
       {"Inference device", "推論装置"}}}},
    {3, TitleClass::kDevice, {"G06T 7/00", "G06T 7/11", "G06V 10/82", "G06T 5/00"},
     {{{"Image processing device", "画像処理装置"},
       {"Image analysis device", "画像解析装置"},
       {"Object recognition device", "物体認識装置"},
       {"Three-dimensional measurement device", "三次元計測装置"}}}},
    {4, TitleClass::kDevice, {"A61B 5/00", "A61B 6/03", "A61B 8/08", "A61B 5/055"},
     {{{"Biological signal measuring device", "生体信号計測装置"},
       {"Ultrasonic diagnostic apparatus", "超音波診断装置"},
       {"Magnetic resonance imaging apparatus", "磁気共鳴イメージング装置"},
       {"X-ray CT apparatus", "X線CT装置"}}}},
    {5, TitleClass::kBio, {"A61K 39/395", "C07K 16/28", "A61P 35/00", "C07K 16/30"},
     {{{"Humanized antibody", "ヒト化抗体"},
       {"Antibody against tumor antigen", "腫瘍抗原に対する抗体"},
       {"Pharmaceutical composition for treating cancer", "がん治療用医薬組成物"},
       {"Bispecific antibody", "二重特異性抗体"}}}},
    {5, TitleClass::kBio, {"A61K 31/4439", "C07D 401/04", "A61P 25/28", "C07D 471/04"},
     {{{"Novel heterocyclic compound", "新規複素環化合物"},
       {"Therapeutic agent for neurodegenerative disease", "神経変性疾患治療剤"},
       {"Kinase inhibitor", "キナーゼ阻害剤"},
       {"Antiviral agent", "抗ウイルス剤"}}}},
    {5, TitleClass::kBio, {"C12N 15/09", "C12N 5/0696", "C12N 15/113", "C12N 5/10"},
     {{{"Induced pluripotent stem cell", "人工多能性幹細胞"},
       {"Genome editing system", "ゲノム編集システム"},
       {"Nucleic acid molecule", "核酸分子"},
       {"Cell culture medium", "細胞培養培地"}}}},
    {5, TitleClass::kBio, {"G01N 33/53", "G01N 33/574", "C12Q 1/6883", "G01N 21/64"},
     {{{"Biomarker for cancer diagnosis", "がん診断用バイオマーカー"},
       {"Immunoassay kit", "免疫測定キット"},
       {"Fluorescent probe", "蛍光プローブ"},
       {"Target substance detection device", "標的物質検出装置"}}}},
    {3, TitleClass::kMaterial, {"B82Y 30/00", "C01B 32/158", "C01B 32/184", "B82Y 40/00"},
     {{{"Carbon nanotube composite", "カーボンナノチューブ複合体"},
       {"Graphene film", "グラフェン膜"},
       {"Metal nanoparticles", "金属ナノ粒子"},
       {"Nanowire", "ナノワイヤ"}}}},
    {3, TitleClass::kMaterial, {"B01J 23/46", "B01J 21/06", "C01C 1/04", "B01D 53/94"},
     {{{"Catalyst for ammonia synthesis", "アンモニア合成用触媒"},
       {"Photocatalyst", "光触媒"},
       {"Exhaust gas purification catalyst", "排ガス浄化用触媒"},
       {"Hydrogen generation catalyst", "水素生成触媒"}}}},
    {3, TitleClass::kMaterial, {"C08L 101/00", "C08G 63/06", "C08J 5/18", "C08B 15/04"},
     {{{"Biodegradable resin composition", "生分解性樹脂組成物"},
       {"Polymer film", "高分子フィルム"},
       {"Cellulose nanofiber composite material", "セルロースナノファイバー複合材料"},
       {"Self-healing polymer", "自己修復性高分子"}}}},
    {3, TitleClass::kMaterial, {"C22C 38/00", "C22C 14/00", "B22F 10/28", "C21D 9/46"},
     {{{"High-strength steel sheet", "高強度鋼板"},
       {"Titanium alloy", "チタン合金"},
       {"Additively manufactured metal member", "積層造形金属部材"},
       {"Magnesium alloy", "マグネシウム合金"}}}},
    {2, TitleClass::kMaterial, {"G02B 6/02", "G02B 1/118", "G02F 1/01", "G02B 5/30"},
     {{{"Optical fiber", "光ファイバ"},
       {"Antireflection structure", "反射防止構造体"},
       {"Optical modulator", "光変調器"},
       {"Polarizing element", "偏光素子"}}}},
    {4, TitleClass::kDevice, {"H04W 72/04", "H04B 7/06", "H04L 5/00", "H04W 4/70"},
     {{{"Wireless communication system", "無線通信システム"},
       {"Base station apparatus", "基地局装置"},
       {"Terminal device", "端末装置"},
       {"Communication control device", "通信制御装置"}}}},
    {2, TitleClass::kDevice, {"H04L 9/08", "H04L 9/32", "G06F 21/60", "G06F 21/62"},
     {{{"Encryption device", "暗号化装置"},
       {"Authentication system", "認証システム"},
       {"Quantum key distribution system", "量子鍵配送システム"},
       {"Secure computation system", "秘密計算システム"}}}},
    {3, TitleClass::kDevice, {"B25J 9/16", "B25J 13/08", "A61H 3/00", "B25J 15/08"},
     {{{"Robot control device", "ロボット制御装置"},
       {"Gripping device", "把持装置"},
       {"Walking assist device", "歩行補助装置"},
       {"Soft actuator", "ソフトアクチュエータ"}}}},
    {3, TitleClass::kDevice, {"H02J 7/00", "H02J 50/12", "H02M 7/48", "H02J 3/38"},
     {{{"Power conversion device", "電力変換装置"},
       {"Wireless power transfer system", "ワイヤレス給電システム"},
       {"Storage battery control device", "蓄電池制御装置"},
       {"Power supply system", "電源システム"}}}},
    {3, TitleClass::kDevice, {"G01N 27/12", "G01L 1/22", "G01K 7/01", "G01N 27/414"},
     {{{"Gas sensor", "ガスセンサ"},
       {"Strain sensor", "ひずみセンサ"},
       {"Temperature sensor", "温度センサ"},
       {"Biosensor", "バイオセンサ"}}}},
    {3, TitleClass::kBio, {"A01H 5/00", "A23L 33/105", "A01N 63/00", "C12N 15/82"},
     {{{"Transgenic plant", "形質転換植物"},
       {"Functional food composition", "機能性食品組成物"},
       {"Plant growth regulator", "植物成長調整剤"},
       {"Disease-resistant rice plant", "病害抵抗性イネ"}}}},
    {2, TitleClass::kMaterial, {"C02F 1/44", "B01D 53/62", "B01D 69/12", "B01D 71/02"},
     {{{"Water treatment membrane", "水処理膜"},
       {"Carbon dioxide absorbent", "二酸化炭素吸収材"},
       {"Separation membrane", "分離膜"},
       {"Adsorbent for heavy metals", "重金属吸着材"}}}},
    {1, TitleClass::kDevice, {"G06N 10/00", "H10N 60/12", "B82Y 10/00", "H01L 29/66"},
     {{{"Quantum computer", "量子計算機"},
       {"Superconducting quantum circuit", "超伝導量子回路"},
       {"Single-photon source", "単一光子源"},
       {"Quantum sensor", "量子センサ"}}}},
    {3, TitleClass::kMaterial, {"A61F 2/82", "A61L 27/00", "A61M 25/00", "A61L 27/54"},
     {{{"Stent", "ステント"},
       {"Biocompatible material", "生体適合性材料"},
       {"Catheter", "カテーテル"},
       {"Bone regeneration material", "骨再生材料"}}}},
    {3, TitleClass::kBio, {"A61K 39/12", "A61K 9/127", "A61K 9/51", "A61K 47/69"},
     {{{"Vaccine composition", "ワクチン組成物"},
       {"Lipid nanoparticle", "脂質ナノ粒子"},
       {"Drug delivery carrier", "薬物送達用担体"},
       {"mRNA vaccine", "mRNAワクチン"}}}},
    {1, TitleClass::kDevice, {"F16F 15/02", "E04H 9/02", "G01M 5/00", "E04B 1/98"},
     {{{"Vibration damping device", "制振装置"},
       {"Seismic isolation device", "免震装置"},
       {"Structural health monitoring system", "構造物ヘルスモニタリングシステム"},
       {"Damper", "ダンパ"}}}},
};
constexpr std::size_t kTopicCount = std::size(kTopics);

// Title = en_prefix + X + en_suffix / X + ja_suffix, where X is an optional
// qualifier and a noun of the topic.
struct TitlePattern {
  const char* en_prefix;
  const char* en_suffix;
  const char* ja_suffix;
};
constexpr std::array<std::array<TitlePattern, 3>, 3> kPatterns = {{
    {{{"", "", ""},
      {"", " and method for producing the same", "及びその製造方法"},
      {"Method for producing ", "", "の製造方法"}}},
    {{{"", "", ""},
      {"", " and control method therefor", "及びその制御方法"},
      {"", ", method, and program", "、方法及びプログラム"}}},
    {{{"", "", ""},
      {"", " and use thereof", "及びその用途"},
      {"Method for producing ", "", "の製造方法"}}},
}};
constexpr std::array<std::array<int, 3>, 3> kPatternWeights = {{{50, 30, 20}, {50, 25, 25}, {55, 25, 20}}};

constexpr std::array<std::array<Part, 4>, 3> kQualifiers = {{
    {{{"High-performance ", "高性能"}, {"Highly durable ", "高耐久性"},
      {"Low-cost ", "低コスト"}, {"High-purity ", "高純度"}}},
    {{{"Compact ", "小型"}, {"High-speed ", "高速"}, {"Low-power ", "低消費電力"},
      {"Portable ", "携帯型"}}},
    {{{"Highly stable ", "高安定性"}, {"Highly selective ", "高選択性"},
      {"Long-acting ", "持続性"}, {"Highly sensitive ", "高感度"}}},
}};

// ---------------------------------------------------------------------------
// People.

constexpr const char* kSurnames[] = {
    "Sato",      "Suzuki",   "Takahashi", "Tanaka",   "Watanabe", "Ito",      "Yamamoto",
    "Nakamura",  "Kobayashi", "Kato",     "Yoshida",  "Yamada",   "Sasaki",   "Yamaguchi",
    "Matsumoto", "Inoue",    "Kimura",    "Hayashi",  "Shimizu",  "Yamazaki", "Mori",
    "Abe",       "Ikeda",    "Hashimoto", "Yamashita", "Ishikawa", "Nakajima", "Maeda",
    "Fujita",    "Ogawa",    "Goto",      "Okada",    "Hasegawa", "Murakami", "Kondo",
    "Ishii",     "Saito",    "Sakamoto",  "Endo",     "Aoki",     "Fujii",    "Nishimura",
    "Fukuda",    "Ota",      "Miura",     "Fujiwara", "Okamoto",  "Matsuda",  "Nakagawa",
    "Nakano",    "Harada",   "Ono",       "Tamura",   "Takeuchi", "Kaneko",   "Wada",
    "Nakayama",  "Ishida",   "Ueda",      "Morita",   "Hara",     "Shibata",  "Sakai",
    "Kudo",      "Yokoyama", "Miyazaki",  "Miyamoto", "Uchida",   "Takagi",   "Ando",
};
constexpr const char* kGivenNames[] = {
    "Taro",    "Hiroshi", "Takeshi", "Kenji",    "Akira",    "Makoto",   "Satoshi", "Kazuki",
    "Daisuke", "Naoki",   "Shota",   "Ryo",      "Yusuke",   "Takuya",   "Tsuyoshi", "Masahiro",
    "Kenichi", "Koji",    "Yoshihiro", "Hideki", "Shinji",   "Tetsuya",  "Kazuya",  "Haruto",
    "Sho",     "Tomoko",  "Yoko",    "Keiko",    "Naomi",    "Ayaka",    "Misaki",  "Haruka",
    "Yui",     "Emi",     "Mai",     "Kaori",    "Megumi",   "Sachiko",  "Hiroko",  "Yuko",
    "Akiko",   "Nanami",  "Aya",     "Rie",      "Noriko",   "Mika",     "Asuka",   "Chihiro",
    "Kana",    "Saki",
};

// ---------------------------------------------------------------------------
// Number spaces. Each office numbers its applications (and publications,
// grants) per year from a counter that starts at a random point in the first
// quarter of the year's range and advances by random gaps, within
// [lo(year), lo(year) + capacity). lo(year) = lo0 + (year - 2000) * step.

constexpr int kYear0 = 2000;
constexpr int kYears = 60;

class SerialSpace {
 public:
  SerialSpace(std::uint64_t lo0, std::uint64_t step, std::uint64_t capacity, std::uint64_t load)
      : lo0_(lo0), step_(step), capacity_(capacity) {
    // Gaps average about half the room per expected number: room for bursts.
    const std::uint64_t g = capacity * 3 / 4 / (2 * (load == 0 ? 1 : load));
    gap_max_ = g < 1 ? 1 : g > 40 ? 40 : g;
  }

  // A new serial number for `year`. Throws std::runtime_error when the
  // year's space is exhausted.
  std::uint64_t take(Rng& rng, int year) {
    if (year < kYear0 || year >= kYear0 + kYears) {
      throw std::runtime_error("demo data: year outside the number spaces");
    }
    const auto y = static_cast<std::size_t>(year - kYear0);
    if (!started_[y]) {
      started_[y] = true;
      used_[y] = rng.below(capacity_ / 4);
    }
    std::uint64_t offset = used_[y] + 1 + rng.below(gap_max_);
    if (offset > capacity_) offset = used_[y] + 1;
    if (offset > capacity_) {
      throw std::runtime_error("demo data: number space exhausted; ask for fewer patents");
    }
    used_[y] = offset;
    return lo0_ + static_cast<std::uint64_t>(year - kYear0) * step_ + offset - 1;
  }

 private:
  std::uint64_t lo0_;
  std::uint64_t step_;
  std::uint64_t capacity_;
  std::uint64_t gap_max_ = 1;
  std::array<std::uint64_t, kYears> used_{};
  std::array<bool, kYears> started_{};
};

struct Spaces {
  explicit Spaces(std::uint64_t patents)
      : // Expected peak per-year load of any one space, generously.
        load(patents / 10 + 1),
        jp_app(1, 0, 499999, load),
        jp_pub(500000, 0, 500000, load),
        // JP5123456B2: about 3.7M in 2005 … 7.4M in 2024.
        jp_grant(2725000, 195000, 195000, load / 2),
        wo_app(1, 0, 999999, load),
        wo_pub(1, 0, 999999, load),
        us_app(1, 0, 999999, load),
        us_prov(1, 0, 999999, load),
        us_pub(1, 0, 999999, load),
        // US8123456B2: about 7.3M in 2008 … 12.1M in 2024.
        us_grant(4900000, 300000, 300000, load / 2),
        ep_app_direct(100000, 0, 600000, load),
        ep_app_pct(700000, 0, 300000, load),
        // EP2123456A1: about 2.0M in 2008 … 4.0M in 2024.
        ep_pub(1000000, 125000, 125000, load / 2),
        cn_app(1, 0, 9999999, load),
        // CN101234567A: 101M in 2008, 1M a year.
        cn_pub(93000000, 1000000, 1000000, load / 2) {}

  std::uint64_t load;
  SerialSpace jp_app, jp_pub, jp_grant, wo_app, wo_pub, us_app, us_prov, us_pub, us_grant,
      ep_app_direct, ep_app_pct, ep_pub, cn_app, cn_pub;
};

// ---------------------------------------------------------------------------
// Families.

enum class Office { kJp, kWo, kUs, kUsProvisional, kEp, kCn };

constexpr const char* kStatusPending = "pending";
constexpr const char* kStatusGranted = "granted";
constexpr const char* kStatusLapsed = "lapsed";
constexpr const char* kStatusAbandoned = "abandoned";
constexpr const char* kStatusExpired = "expired";

struct Claim {
  std::string number;
  int date = 0;
  const char* kind = "paris";
  bool active = true;
};

struct App {
  Office office = Office::kJp;
  std::string number;
  int filing = 0;
  const char* status = kStatusPending;
  std::string pub_number;  // empty: not published
  int pub_date = 0;
  std::string grant_number;  // empty: not granted
  int grant_date = 0;
  int claims = 1;
  int term_start = 0;  // the 20-year term runs from here
  int ended = 0;       // granted or abandoned on this day (0: still pending)
  int lapsed_on = 0;   // status lapsed: the day its fees went unpaid
  std::vector<Claim> priorities;
};

struct OwnerRef {
  std::string_view code;
  const char* share;
  bool domestic;
};

struct InventorRef {
  std::size_t surname;
  std::size_t given;
  std::size_t owner;  // index into owners
};

// A base application: a first filing the later members of the family claim.
struct Base {
  std::string number;
  int date;
  bool us_provisional;
};

constexpr std::size_t kMaxApps = 24;

struct Family {
  std::size_t topic = 0;
  std::size_t noun = 0;
  std::size_t pattern = 0;
  int qualifier = -1;  // -1: none
  std::array<std::size_t, 4> ipc{};
  std::size_t ipc_count = 0;
  std::array<OwnerRef, 3> owners{};
  std::size_t owner_count = 0;
  std::array<InventorRef, 5> inventors{};
  std::size_t inventor_count = 0;
  const char* stage = "domestic_filing";
  std::vector<Base> bases;
  int earliest = 0;  // earliest priority date
  int latest_base = 0;
  std::vector<App> apps;
  std::size_t app_count = 0;

  App& add(Office office, int filing) {
    if (app_count == apps.size()) throw std::logic_error("demo data: family too large");
    App& a = apps[app_count++];
    a.office = office;
    a.number.clear();
    a.filing = filing;
    a.status = kStatusPending;
    a.pub_number.clear();
    a.pub_date = 0;
    a.grant_number.clear();
    a.grant_date = 0;
    a.claims = 1;
    a.term_start = filing;
    a.ended = 0;
    a.lapsed_on = 0;
    a.priorities.clear();
    return a;
  }
};

class Generator {
 public:
  Generator(std::uint64_t seed, std::uint64_t patents, const std::vector<Company>& companies)
      : rng_(seed), spaces_(patents), companies_(companies) {
    family_.apps.resize(kMaxApps);
    family_.bases.reserve(4);
    for (std::size_t i = 0; i < std::size(kTopics); ++i) topic_weights_[i] = kTopics[i].weight;
  }

  Family& next_family() {
    Family& f = family_;
    f.app_count = 0;
    f.bases.clear();
    pick_subject(f);
    pick_owners(f);
    pick_inventors(f);
    build_applications(f);
    return f;
  }

 private:
  // --- subject: topic, title, IPC
  void pick_subject(Family& f) {
    f.topic = pick_weighted(rng_, topic_weights_);
    const Topic& t = kTopics[f.topic];
    f.noun = rng_.index(t.nouns.size());
    const auto cls = static_cast<std::size_t>(t.cls);
    f.pattern = pick_weighted(rng_, kPatternWeights[cls]);
    f.qualifier = rng_.permille(300) ? static_cast<int>(rng_.index(kQualifiers[cls].size())) : -1;
    f.ipc_count = 1 + pick_weighted(rng_, std::array<int, 4>{35, 35, 20, 10});
    // The main group first most of the time, then distinct others.
    std::array<std::size_t, 4> order = {0, 1, 2, 3};
    if (!rng_.permille(700)) std::swap(order[0], order[1 + rng_.index(3)]);
    for (std::size_t i = 1; i < 3; ++i) std::swap(order[i], order[i + rng_.index(4 - i)]);
    for (std::size_t i = 0; i < f.ipc_count; ++i) f.ipc[i] = order[i];
  }

  // --- owners: one university or public lab; sometimes co-owned
  std::string_view pick_academic() {
    if (rng_.permille(100)) return kPublicLabs[skewed(std::size(kPublicLabs))].code;
    return kUniversities[skewed(std::size(kUniversities))].code;
  }
  // Skewed toward the front of a list of n.
  std::size_t skewed(std::size_t n) { return rng_.index(rng_.index(n) + 1); }

  const Company& pick_company() { return companies_[rng_.index(companies_.size())]; }

  void pick_owners(Family& f) {
    const std::string_view lead = pick_academic();
    const int r = rng_.range(0, 999);
    if (r < 50) {  // three co-owners, 1/3 each
      const Company& c = pick_company();
      f.owners[0] = {lead, "1/3", true};
      f.owners[1] = {c.code, "1/3", std::string_view(c.country) == "JP"};
      if (rng_.permille(500)) {
        std::string_view other = pick_academic();
        while (other == lead) other = pick_academic();
        f.owners[2] = {other, "1/3", true};
      } else {
        const Company* c2 = &pick_company();
        while (c2 == &c) c2 = &pick_company();
        f.owners[2] = {c2->code, "1/3", std::string_view(c2->country) == "JP"};
      }
      f.owner_count = 3;
    } else if (r < 250) {  // with a company
      const Company& c = pick_company();
      const bool domestic = std::string_view(c.country) == "JP";
      if (rng_.permille(700)) {
        f.owners[0] = {lead, "1/2", true};
        f.owners[1] = {c.code, "1/2", domestic};
      } else {
        f.owners[0] = {lead, "2/3", true};
        f.owners[1] = {c.code, "1/3", domestic};
      }
      f.owner_count = 2;
    } else {
      f.owners[0] = {lead, "1", true};
      f.owner_count = 1;
    }
  }

  // --- inventors: 1–5, at the (Japanese) owners, the first at the lead
  void pick_inventors(Family& f) {
    f.inventor_count = 1 + pick_weighted(rng_, std::array<int, 5>{15, 25, 25, 20, 15});
    for (std::size_t i = 0; i < f.inventor_count; ++i) {
      InventorRef inv{};
      for (int attempt = 0; attempt < 8; ++attempt) {
        inv.surname = rng_.index(std::size(kSurnames));
        inv.given = rng_.index(std::size(kGivenNames));
        bool clash = false;
        for (std::size_t j = 0; j < i; ++j) {
          clash = clash || (f.inventors[j].surname == inv.surname && f.inventors[j].given == inv.given);
        }
        if (!clash) break;
      }
      inv.owner = 0;
      if (i > 0 && f.owner_count > 1 && rng_.permille(350)) {
        const std::size_t o = 1 + rng_.index(f.owner_count - 1);
        if (f.owners[o].domestic) inv.owner = o;
      }
      f.inventors[i] = inv;
    }
  }

  // --- applications
  void build_applications(Family& f) {
    int d0 = weekday_on_or_after(rng_.range(kFirstFiling, kLastFiling));
    const int shape = rng_.range(0, 999);
    bool combined_pct = false;
    bool combined_domestic = false;
    int combine = 0;  // filing date of the application combining two JP filings

    if (shape < 30) {  // a US provisional first, in the file
      const int jp_date = weekday_on_or_after(add_months(d0, rng_.range(1, 11)));
      if (jp_date <= kAsOf) {
        App& usp = f.add(Office::kUsProvisional, d0);
        number_application(usp);
        finalize_provisional(usp);
        usp.claims = draw_claims();
        f.bases.push_back({usp.number, d0, true});
        App& jp = f.add(Office::kJp, jp_date);
        number_application(jp);
        jp.priorities.push_back({usp.number, d0, "paris", true});
        f.bases.push_back({jp.number, jp_date, false});
      } else {
        add_plain_jp(f, d0);
      }
    } else if (shape < 45) {  // claims an unregistered foreign first filing
      const int foreign_date = weekday_on_or_before(add_months(d0, -rng_.range(1, 11)));
      const bool provisional = rng_.permille(700);
      std::string number = provisional ? us_provisional_number(year_of(foreign_date))
                                       : ep_number(year_of(foreign_date), false);
      f.bases.push_back({number, foreign_date, provisional});
      App& jp = f.add(Office::kJp, d0);
      number_application(jp);
      jp.priorities.push_back({number, foreign_date, "paris", true});
      f.bases.push_back({jp.number, d0, false});
    } else if (shape < 95) {  // two JP first filings, combined later
      const int d1 = weekday_on_or_after(add_months(d0, rng_.range(1, 10)));
      combine = weekday_on_or_before(add_months(d0, 12) - rng_.range(0, 20));
      if (combine <= kAsOf && combine > d1) {
        for (int d : {d0, d1}) {
          App& jp = f.add(Office::kJp, d);
          number_application(jp);
          f.bases.push_back({jp.number, d, false});
        }
        if (rng_.permille(700)) {
          combined_pct = true;
        } else {
          combined_domestic = true;
        }
      } else {
        combine = 0;
        add_plain_jp(f, d0);
      }
    } else {
      add_plain_jp(f, d0);
    }

    f.earliest = f.bases.front().date;
    f.latest_base = f.bases.back().date;
    for (const Base& b : f.bases) {
      if (b.date < f.earliest) f.earliest = b.date;
      if (b.date > f.latest_base) f.latest_base = b.date;
    }

    // Finalize the JP first filings now that the earliest priority is known.
    for (std::size_t i = 0; i < f.app_count; ++i) {
      App& a = f.apps[i];
      if (a.office != Office::kJp) continue;
      a.claims = draw_claims();
      if (combined_domestic) {
        finalize_withdrawn_base(a);
      } else {
        // Each first filing is published 18 months after its own earliest
        // priority (the second of two combined filings has none).
        int earliest = a.filing;
        for (const Claim& c : a.priorities) earliest = c.date < earliest ? c.date : earliest;
        finalize_national(a, earliest);
      }
    }

    bool foreign = false;
    if (combined_domestic) {
      // A JP application under domestic priority (国内優先) combining both.
      App& jp = f.add(Office::kJp, combine);
      number_application(jp);
      for (const Base& b : f.bases) jp.priorities.push_back({b.number, b.date, "domestic", true});
      jp.claims = draw_claims();
      finalize_national(jp, f.earliest);
    } else if (combined_pct || rng_.permille(400)) {
      const int d = combined_pct
                        ? combine
                        : weekday_on_or_before(add_months(f.earliest, 12) - rng_.range(0, 20));
      if (d <= kAsOf && d > f.latest_base) {
        App& pct = f.add(Office::kWo, d);
        number_application(pct);
        for (const Base& b : f.bases) pct.priorities.push_back({b.number, b.date, "paris", true});
        pct.claims = draw_claims();
        finalize_pct(pct, f.earliest);
        foreign = true;
        add_national_phases(f, d);
      }
    } else if (rng_.permille(80)) {
      const std::size_t before = f.app_count;
      add_paris_filings(f);
      foreign = f.app_count > before;
    }
    f.stage = pick_stage(foreign);
  }

  void add_plain_jp(Family& f, int d0) {
    App& jp = f.add(Office::kJp, d0);
    number_application(jp);
    f.bases.push_back({jp.number, d0, false});
  }

  void add_national_phases(Family& f, int pct_date) {
    if (rng_.permille(150)) return;  // the international phase ends there
    bool us = rng_.permille(700);
    const bool ep = rng_.permille(450);
    const bool cn = rng_.permille(350);
    if (!us && !ep && !cn) us = true;
    if (us) add_follow_on(f, Office::kUs, add_months(f.earliest, 30), "pct", pct_date);
    if (ep) add_follow_on(f, Office::kEp, add_months(f.earliest, 31), "pct", pct_date);
    if (cn) add_follow_on(f, Office::kCn, add_months(f.earliest, 30), "pct", pct_date);
  }

  void add_paris_filings(Family& f) {
    bool us = rng_.permille(600);
    const bool ep = rng_.permille(400);
    const bool cn = rng_.permille(300);
    if (!us && !ep && !cn) us = true;
    const int deadline = add_months(f.earliest, 12);
    if (us) add_follow_on(f, Office::kUs, deadline, "paris", 0);
    if (ep) add_follow_on(f, Office::kEp, deadline, "paris", 0);
    if (cn) add_follow_on(f, Office::kCn, deadline, "paris", 0);
  }

  // A foreign application filed shortly before `deadline`, claiming every
  // base. pct_date != 0: a national phase of the PCT filed that day.
  void add_follow_on(Family& f, Office office, int deadline, const char* kind, int pct_date) {
    const int d = weekday_on_or_before(deadline - rng_.range(0, 30));
    if (d > kAsOf || d <= f.latest_base || (pct_date != 0 && d <= pct_date)) return;
    App& a = f.add(office, d);
    a.term_start = pct_date != 0 ? pct_date : d;
    number_application(a, pct_date != 0);
    for (const Base& b : f.bases) {
      const char* k = office == Office::kUs && b.us_provisional ? "provisional" : kind;
      a.priorities.push_back({b.number, b.date, k, true});
    }
    a.claims = draw_claims();
    finalize_national(a, f.earliest);
    if (office == Office::kUs && rng_.permille(120)) add_continuation(f, a);
  }

  // A US continuation or divisional of `parent`, filed while it is pending.
  void add_continuation(Family& f, const App& parent) {
    int last = add_months(parent.filing, 48);
    if (parent.ended != 0 && parent.ended - 1 < last) last = parent.ended - 1;
    if (last > kAsOf) last = kAsOf;
    const int first = add_months(parent.filing, 12);
    if (last < first) return;
    const int d = weekday_on_or_before(rng_.range(first, last));
    if (d <= parent.filing) return;
    App& c = f.add(Office::kUs, d);
    c.term_start = parent.term_start;
    number_application(c);
    const bool divisional = rng_.permille(350);
    c.priorities.push_back(
        {parent.number, parent.filing, divisional ? "divisional" : "continuation", false});
    for (const Claim& p : parent.priorities) c.priorities.push_back(p);
    c.claims = draw_claims();
    finalize_national(c, f.earliest);
  }

  const char* pick_stage(bool foreign) {
    // Stages are per family; foreign families have more members, so
    // utilization (licensed) is kept rarer than filing stages per patent.
    if (foreign) return rng_.permille(850) ? "foreign_filing" : "utilization";
    static constexpr std::array<const char*, 6> kStages = {
        "research", "invention", "disclosure", "evaluation", "domestic_filing", "utilization"};
    return kStages[pick_weighted(rng_, std::array<int, 6>{4, 6, 8, 12, 64, 6})];
  }

  int draw_claims() {
    // 1..40, most between 5 and 20.
    const int a = rng_.range(0, 39);
    const int b = rng_.range(0, 39);
    return 1 + (a < b ? a : b);
  }

  // --- numbers
  void number_application(App& a, bool via_pct = false) {
    const int y = year_of(a.filing);
    std::string& s = a.number;
    s.clear();
    switch (a.office) {
      case Office::kJp:
        s += "JP";
        append_uint(s, static_cast<std::uint64_t>(y), 4);
        append_uint(s, spaces_.jp_app.take(rng_, y), 6);
        s += "A";
        break;
      case Office::kWo:
        s += "JP";
        append_uint(s, static_cast<std::uint64_t>(y), 4);
        append_uint(s, spaces_.wo_app.take(rng_, y), 6);
        s += "W";
        break;
      case Office::kUs:
        s += "US";
        append_uint(s, static_cast<std::uint64_t>(y), 4);
        append_uint(s, static_cast<std::uint64_t>(us_series(y)), 2);
        append_uint(s, spaces_.us_app.take(rng_, y), 6);
        s += "A";
        break;
      case Office::kUsProvisional:
        s = us_provisional_number(y);
        break;
      case Office::kEp:
        s = ep_number(y, via_pct);
        break;
      case Office::kCn:
        s += "CN";
        append_uint(s, static_cast<std::uint64_t>(y), 4);
        s += "1";
        append_uint(s, spaces_.cn_app.take(rng_, y), 7);
        s += "A";
        break;
    }
  }

  static int us_series(int year) {
    return year <= 2013 ? 13 : year == 2014 ? 14 : year <= 2016 ? 15 : year <= 2019 ? 16 : 17;
  }

  std::string us_provisional_number(int year) {
    std::string s = "US";
    append_uint(s, static_cast<std::uint64_t>(year), 4);
    s += year <= 2014 ? "61" : "62";
    append_uint(s, spaces_.us_prov.take(rng_, year), 6);
    s += "P";
    return s;
  }

  std::string ep_number(int year, bool via_pct) {
    std::string s = "EP";
    append_uint(s, static_cast<std::uint64_t>(year % 100), 2);
    SerialSpace& space = via_pct ? spaces_.ep_app_pct : spaces_.ep_app_direct;
    append_uint(s, space.take(rng_, year), 6);
    s += "A";
    return s;
  }

  void number_publication(App& a) {
    const int y = year_of(a.pub_date);
    std::string& s = a.pub_number;
    s.clear();
    switch (a.office) {
      case Office::kJp:
        s += "JP";
        append_uint(s, static_cast<std::uint64_t>(y), 4);
        append_uint(s, spaces_.jp_pub.take(rng_, y), 6);
        s += "A";
        break;
      case Office::kWo:
        s += "WO";
        append_uint(s, static_cast<std::uint64_t>(y), 4);
        append_uint(s, spaces_.wo_pub.take(rng_, y), 6);
        s += "A1";
        break;
      case Office::kUs:
        s += "US";
        append_uint(s, static_cast<std::uint64_t>(y), 4);
        append_uint(s, spaces_.us_pub.take(rng_, y), 7);
        s += "A1";
        break;
      case Office::kEp:
        s += "EP";
        append_uint(s, spaces_.ep_pub.take(rng_, y), 7);
        s += "A1";
        break;
      case Office::kCn:
        s += "CN";
        append_uint(s, spaces_.cn_pub.take(rng_, y), 9);
        s += "A";
        break;
      case Office::kUsProvisional:
        assert(false && "provisionals are not published");
        break;
    }
  }

  void number_grant(App& a) {
    const int y = year_of(a.grant_date);
    std::string& s = a.grant_number;
    s.clear();
    switch (a.office) {
      case Office::kJp:
        s += "JP";
        append_uint(s, spaces_.jp_grant.take(rng_, y), 7);
        s += "B2";
        break;
      case Office::kUs:
        s += "US";
        append_uint(s, spaces_.us_grant.take(rng_, y));
        s += "B2";
        break;
      case Office::kEp:
        // EP and CN grants keep the publication number.
        s = a.pub_number.empty() ? std::string("EP") : a.pub_number.substr(0, a.pub_number.size() - 2);
        if (a.pub_number.empty()) append_uint(s, spaces_.ep_pub.take(rng_, y), 7);
        s += "B1";
        break;
      case Office::kCn:
        s = a.pub_number.empty() ? std::string("CN") : a.pub_number.substr(0, a.pub_number.size() - 1);
        if (a.pub_number.empty()) append_uint(s, spaces_.cn_pub.take(rng_, y), 9);
        s += "B";
        break;
      case Office::kWo:
      case Office::kUsProvisional:
        assert(false && "not granted");
        break;
    }
  }

  // --- statuses and dates

  // A national or regional application: published 18 months after the
  // earliest priority (or a few months after filing when that is later),
  // then granted, abandoned or still pending as of kAsOf.
  void finalize_national(App& a, int earliest) {
    int pub = add_months(earliest, 18);
    if (pub <= a.filing) pub = add_months(a.filing, 4);
    int abandoned_on = 0;
    const int roll = rng_.range(0, 999);
    if (roll < 550) {
      int lo = 20;
      int hi = 72;
      if (a.office == Office::kUs) { lo = 18; hi = 54; }
      if (a.office == Office::kEp) { lo = 30; hi = 72; }
      if (a.office == Office::kCn) { lo = 24; hi = 60; }
      int g = add_months(a.filing, rng_.range(lo, hi)) + rng_.range(0, 27);
      if (g <= pub) g = add_months(pub, rng_.range(1, 6));
      g = weekday_on_or_after(g);
      if (g <= kAsOf) {
        a.status = kStatusGranted;
        a.grant_date = g;
        a.ended = g;
        const int expiry = add_months(a.term_start, 240);
        if (rng_.permille(250)) {
          const int lapse = add_months(g, rng_.range(36, 120));
          if (lapse <= kAsOf && lapse < expiry) {
            a.status = kStatusLapsed;
            a.lapsed_on = lapse;
          }
        }
        if (a.status == kStatusGranted && expiry <= kAsOf) a.status = kStatusExpired;
      }
    } else if (roll < 850) {
      abandoned_on = add_months(a.filing, rng_.range(30, 48));
      if (abandoned_on <= kAsOf) {
        a.status = kStatusAbandoned;
        a.ended = abandoned_on;
      } else {
        abandoned_on = 0;
      }
    } else if (add_months(a.filing, 96) <= kAsOf) {
      // Nothing stays pending for eight years.
      a.status = kStatusAbandoned;
      abandoned_on = add_months(a.filing, 96);
      a.ended = abandoned_on;
    }
    if (pub <= kAsOf && (abandoned_on == 0 || abandoned_on > pub)) {
      a.pub_date = pub;
      number_publication(a);
    }
    if (a.grant_date != 0) number_grant(a);
  }

  // A US provisional: never published; expires after 12 months.
  void finalize_provisional(App& a) {
    if (add_months(a.filing, 12) <= kAsOf) a.status = kStatusExpired;
  }

  // A JP first filing whose content went into a domestic-priority
  // application: deemed withdrawn 16 months after filing, unpublished.
  void finalize_withdrawn_base(App& a) {
    if (add_months(a.filing, 16) <= kAsOf) a.status = kStatusAbandoned;
  }

  // A PCT application: published 18 months after the earliest priority; the
  // international phase ends 30 months after it.
  void finalize_pct(App& a, int earliest) {
    const int pub = add_months(earliest, 18);
    if (pub <= kAsOf) {
      a.pub_date = pub;
      number_publication(a);
    }
    if (add_months(earliest, 30) <= kAsOf) a.status = kStatusExpired;
  }

  Rng rng_;
  Spaces spaces_;
  const std::vector<Company>& companies_;
  std::array<int, kTopicCount> topic_weights_{};
  Family family_;
};

const char* jurisdiction_of(Office o) {
  switch (o) {
    case Office::kJp: return "JP";
    case Office::kWo: return "WO";
    case Office::kUs:
    case Office::kUsProvisional: return "US";
    case Office::kEp: return "EP";
    case Office::kCn: return "CN";
  }
  return "JP";
}

const char* kind_of(Office o) {
  switch (o) {
    case Office::kWo: return "pct";
    case Office::kUsProvisional: return "provisional";
    default: return "patent";
  }
}

// `word` with its first letter lowered when `lower` and the word is an
// ordinary capitalised word ("Lithium" → "lithium", but not "X-ray" or
// "mRNA").
std::string lowered(std::string_view word, bool lower = true) {
  std::string s(word);
  if (lower && s.size() > 1 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' && s[1] <= 'z') {
    s[0] = static_cast<char>(s[0] - 'A' + 'a');
  }
  return s;
}

// X (qualifier + noun); `lower` when X does not start the title.
std::string title_x(const Family& f, bool lower) {
  const Topic& t = kTopics[f.topic];
  const auto cls = static_cast<std::size_t>(t.cls);
  if (f.qualifier >= 0) {
    return lowered(kQualifiers[cls][static_cast<std::size_t>(f.qualifier)].en, lower) +
           lowered(t.nouns[f.noun].en);
  }
  return lowered(t.nouns[f.noun].en, lower);
}

void write_patent(std::string& b, const Family& f, const App& a) {
  const Topic& t = kTopics[f.topic];
  const auto cls = static_cast<std::size_t>(t.cls);
  const TitlePattern& p = kPatterns[cls][f.pattern];

  Record r;
  r.str("application_number", a.number).str("jurisdiction", jurisdiction_of(a.office));
  r.date("filing_date", a.filing).str("kind", kind_of(a.office));
  r.str("title", p.en_prefix + title_x(f, p.en_prefix[0] != '\0') + p.en_suffix);
  std::string title_ja;
  if (f.qualifier >= 0) title_ja = kQualifiers[cls][static_cast<std::size_t>(f.qualifier)].ja;
  r.str("title_ja", title_ja + t.nouns[f.noun].ja + p.ja_suffix);

  r.str("status", a.status);
  if (!a.pub_number.empty()) r.str("publication_number", a.pub_number).date("publication_date", a.pub_date);
  if (!a.grant_number.empty()) r.str("grant_number", a.grant_number).date("grant_date", a.grant_date);

  JsonWriter& w = r.w();
  w.key("ipc").begin_array();
  for (std::size_t i = 0; i < f.ipc_count; ++i) w.value(t.ipc[f.ipc[i]]);
  w.end_array();
  r.num("claims", a.claims).str("stage", f.stage);

  w.key("owners").begin_array();
  for (std::size_t i = 0; i < f.owner_count; ++i) {
    w.begin_object().field("institution", f.owners[i].code).field("share", f.owners[i].share).end_object();
  }
  w.end_array().key("inventors").begin_array();
  for (std::size_t i = 0; i < f.inventor_count; ++i) {
    const InventorRef& inv = f.inventors[i];
    w.begin_object().field("name", std::string(kSurnames[inv.surname]) + " " + kGivenNames[inv.given]);
    w.field("institution", f.owners[inv.owner].code).end_object();
  }
  w.end_array().key("priority_claims").begin_array();
  for (const Claim& c : a.priorities) {
    w.begin_object().field("number", c.number).field("date", date_text(c.date));
    w.field("kind", c.kind).field("active", c.active).end_object();
  }
  w.end_array();
  b += r.done();
}

// ---------------------------------------------------------------------------
// An application's dated events: patent_events.jsonl (the rows of `chizai
// patent event import`), from its own PRNG stream so the other files do not
// change. Consistent with each application's history as patents.jsonl
// states it: the publication is the record's (not repeated here); JP
// applications request examination within 3 years; granted ones have an
// office action or two with responses, an allowance, the grant with its
// registration number and claim count (US: a term adjustment sometimes; EP:
// validations in DE, FR, GB and, from 2023-06-01, sometimes the Unitary
// Patent); national phases their entry with the PCT number; US applications
// their entity status (small, a few micro, some changing to large); and
// the lapses and abandonments of the record, with their dates.

const char* office_action_type(Office o) {
  switch (o) {
    case Office::kUs: return "us_non_final";
    case Office::kEp: return "ep_communication";
    case Office::kCn: return "cn_office_action";
    default: return "jp_reasons_for_refusal";
  }
}

// Writes the events of `a` (a member of `f`) to `b`; returns how many.
std::int64_t write_app_events(std::string& b, const Family& f, const App& a, Rng& rng) {
  if (a.office == Office::kWo || a.office == Office::kUsProvisional) return 0;
  std::int64_t n = 0;
  auto event = [&](const char* kind, int day, std::string_view reference = {}, std::string_view value = {},
                   std::int64_t days = 0, std::int64_t months = 0, std::int64_t claims = 0) {
    Record r;
    r.str("number", a.number).str("kind", kind).date("date", day);
    if (!reference.empty()) r.str("reference", reference);
    if (!value.empty()) r.str("value", value);
    if (days > 0) r.num("days", days);
    if (months > 0) r.num("months", months);
    if (claims > 0) r.num("claims", claims);
    b += r.done();
    ++n;
  };
  const std::string_view status(a.status);
  // The day the application ended (0: it did not): abandoned or lapsed.
  int ended = 0;
  if (status == kStatusAbandoned) ended = a.ended != 0 ? a.ended : add_months(a.filing, 16);
  if (status == kStatusLapsed) ended = a.lapsed_on;
  const int last = ended != 0 ? ended - 1 : kAsOf;  // events before it ends

  // National phase entry: the PCT number of the family.
  const bool national = std::any_of(a.priorities.begin(), a.priorities.end(),
                                    [](const Claim& c) { return std::string_view(c.kind) == "pct"; });
  if (national) {
    for (std::size_t i = 0; i < f.app_count; ++i) {
      if (f.apps[i].office == Office::kWo) {
        event("national_phase_entry", a.filing, f.apps[i].number);
        break;
      }
    }
  }
  if (a.office == Office::kUs) {
    event("entity_status", a.filing, {}, rng.permille(100) ? "micro" : "small");
    const int from = add_months(a.filing, 12);
    if (rng.permille(80) && from <= last) event("entity_status", rng.range(from, last), {}, "large");
  }
  // Examination: JP on request (within 3 years), elsewhere from filing.
  int examined = a.filing;
  const int granted = a.grant_date;
  if (a.office == Office::kJp) {
    int hi = add_months(a.filing, 36);
    if (granted != 0 && hi > granted - 120) hi = granted - 120;
    if (hi > last) hi = last;
    const int lo = a.filing + 1;
    const bool withdrawn_base = status == kStatusAbandoned && a.ended == 0;  // under domestic priority
    if (hi >= lo && !withdrawn_base && (granted != 0 || rng.permille(800))) {
      examined = weekday_on_or_after(rng.range(lo, hi));
      if (examined > hi) examined = hi;
      event("examination_request", examined);
    } else if (granted != 0) {
      examined = a.filing;
    }
  }
  if (granted != 0) {
    // Office actions and responses between examination and allowance.
    const int allowance = weekday_on_or_before(granted - rng.range(30, 90));
    int day = examined + 90;
    const int actions = rng.permille(650) ? rng.range(1, 2) : 0;
    for (int k = 1; k <= actions; ++k) {
      const int reply_by = a.office == Office::kJp || a.office == Office::kCn ? 55 : 85;
      if (day + reply_by + 10 >= allowance) break;
      const int action = weekday_on_or_after(rng.range(day, allowance - reply_by - 10));
      const std::string reference = "OA" + std::to_string(k);
      event("office_action", action, reference, office_action_type(a.office), 0,
            a.office == Office::kEp ? 4 : 0);
      const int reply = action + rng.range(20, reply_by);
      event("office_action_response", reply, reference);
      day = reply + 30;
    }
    if (allowance > a.filing) event("allowance", allowance);
    event("grant", granted, a.grant_number, {}, 0, 0, a.claims);
    if (a.office == Office::kUs && rng.permille(300)) event("term_adjustment", granted, {}, {}, rng.range(1, 400));
    if (a.office == Office::kEp) {
      const int v = granted + rng.range(0, 60);
      if (v <= kAsOf) {
        for (const char* state : {"DE", "FR", "GB"}) event("validation", v, state);
        if (v >= day_of(2023, 6, 1) && rng.permille(400)) event("validation", v, "UP");
      }
    }
  } else if (ended != 0 && a.office != Office::kJp && rng.permille(400) && add_months(a.filing, 14) < ended - 100) {
    // An abandoned application often had an office action left unanswered.
    const int action = weekday_on_or_after(rng.range(add_months(a.filing, 14), ended - 100));
    event("office_action", action, "OA1", office_action_type(a.office), 0, a.office == Office::kEp ? 4 : 0);
  }
  if (status == kStatusLapsed) event("lapse", a.lapsed_on);
  if (status == kStatusAbandoned) event("abandonment", ended);
  return n;
}

// ---------------------------------------------------------------------------
// The aggregation scheme: scheme.jsonl.
//
// While the patents stream out, a SchemeCollector remembers a bounded sample
// of them, drawing from its own PRNG stream (so patents.jsonl does not depend
// on it): the JP first filings chosen for aggregation (reservoir-capped), a few
// spare candidates (declined evaluations, and a top-up when a small data set
// chose too few), and per IPC subclass a reservoir of live patents to draw
// package peripherals from. At the end it plans the scheme — evaluations,
// consents, aggregations, packages, Super Highway projects with contracts,
// expenses and staff, consortia — and writes it in date order.

constexpr std::size_t kMaxAggregated = 5000;
constexpr std::size_t kMinAggregated = 12;
constexpr int kAggregatePermille = 55;  // of live JP first filings ≈ 3% of all JP first filings
constexpr std::size_t kSpares = 32;
constexpr std::size_t kDeclined = 20;
constexpr std::size_t kMinPackages = 12;
constexpr std::size_t kProjects = 10;
constexpr std::size_t kPoolPerSubclass = 256;
constexpr std::int64_t kProjectBudget = 18000000;
const int kSchemeStart = day_of(2014, 4, 1);  // FY2014: the action plan
const int kFy2024Start = day_of(2024, 4, 1);
const int kLastExpense = day_of(2026, 11, 29);

// Theme per topic (parallel to kTopics).
constexpr Part kTopicThemes[] = {
    {"Lithium-ion and all-solid-state batteries", "リチウムイオン・全固体電池"},
    {"Fuel cells", "燃料電池"},
    {"Semiconductor devices", "半導体デバイス"},
    {"Light-emitting devices and lasers", "発光素子・レーザ"},
    {"Solar cells", "太陽電池"},
    {"Machine learning", "機械学習"},
    {"Image processing and recognition", "画像処理・認識"},
    {"Medical diagnostic equipment", "医療診断機器"},
    {"Therapeutic antibodies", "抗体医薬"},
    {"Small-molecule drugs", "低分子医薬"},
    {"Stem cells and genome editing", "幹細胞・ゲノム編集"},
    {"Diagnostics and biomarkers", "診断・バイオマーカー"},
    {"Nanocarbon and nanomaterials", "ナノカーボン・ナノ材料"},
    {"Catalysts", "触媒"},
    {"Functional polymers", "機能性高分子"},
    {"Structural metals and alloys", "構造用金属・合金"},
    {"Optical components", "光学部品"},
    {"Wireless communication", "無線通信"},
    {"Information security", "情報セキュリティ"},
    {"Robotics and assistive devices", "ロボット・支援機器"},
    {"Power electronics and energy management", "パワーエレクトロニクス・エネルギー管理"},
    {"Sensors", "センサ"},
    {"Agriculture and food", "農業・食品"},
    {"Water treatment and separation", "水処理・分離"},
    {"Quantum technology", "量子技術"},
    {"Medical devices and implants", "医療機器・インプラント"},
    {"Vaccines and drug delivery", "ワクチン・DDS"},
    {"Vibration control and structural monitoring", "制振・構造モニタリング"},
};
static_assert(std::size(kTopicThemes) == kTopicCount, "one theme per topic");

constexpr const char* kEvaluators[] = {"Tanaka Yoko", "Suzuki Kenji", "Ishikawa Mai",
                                       "Ogawa Satoshi", "Mori Haruka"};
constexpr const char* kApproveReasons[] = {
    "Broad claims with clear commercial applications",
    "Basic patent with licensing potential at home and abroad",
    "Strong claims; several companies have expressed interest",
    "Key patent for a multi-university patent group",
    "Granted claims cover the core of an emerging market",
};
constexpr const char* kDeclineReasons[] = {
    "Claims too narrow to license on their own",
    "Limited market for the claimed invention",
    "Prior art cited in examination weakens the rights",
    "Owner licenses it directly through its TLO",
    "Remaining term too short for a licensing programme",
    "Co-owner company intends exclusive in-house use",
};
constexpr const char* kAggregateReasons[] = {
    "Nationally important patent; core of a licensable patent group",
    "Bundled with related university patents for overseas licensing",
    "Basic patent selected for patent strengthening",
    "Scattered rights gathered to offer companies a usable whole",
};
// Deliverables per title class; "%" stands for the lower-cased noun.
constexpr std::array<std::array<const char*, 3>, 3> kDeliverables = {{
    {{"Trial synthesis and evaluation of %", "Prototype samples of % with evaluation report",
      "Scale-up trial production of %"}},
    {{"Working prototype of %", "Prototype % and field test report",
      "Demonstration unit of % for licensees"}},
    {{"Proof-of-concept study of % in animal models",
      "Trial production of % for preclinical testing", "Validation data package for %"}},
}};
constexpr const char* kExpenseNotes[] = {
    "Materials and reagents",   "Prototype fabrication (outsourced)",
    "Measurement and analysis", "Research assistant wages",
    "Equipment rental",         "Travel for joint evaluation with candidate licensees",
};
constexpr const char* kRecoverableExpenseNote = "Filing fees for a follow-on application";

constexpr const char* kRegions[] = {"north_america", "europe", "china", "asia_other"};
constexpr std::array<int, 4> kRegionWeights = {35, 30, 20, 15};
constexpr std::array<std::array<const char*, 3>, 4> kStaff = {{
    {{"Emily Carter", "Michael Brooks", "Nakamura Kenichi"}},
    {{"Lukas Becker", "Claire Dubois", "Fujita Aya"}},
    {{"Wang Fang", "Li Wei", "Okada Shota"}},
    {{"Priya Nair", "Kim Minji", "Hasegawa Rie"}},
}};

// Licensing in FY2025: agreements, royalty reports, payments, payouts and
// the month closes.
const int kFy2025Start = day_of(2025, 4, 1);
const int kFy2025End = day_of(2026, 3, 31);
const int kLastLicenceStart = day_of(2025, 9, 1);
constexpr int kLicenceMonths = 12;
// Royalty tiers: 3% of the contract year's net sales up to 10,000,000 JPY
// (100,000.00 USD: the same number of minor units), 2% above.
const std::vector<RoyaltyTier> kTiers = {{10000000, 300}, {std::nullopt, 200}};
constexpr std::size_t kNoPackage = static_cast<std::size_t>(-1);

constexpr const char* kMarkets[] = {
    "automotive",           "consumer electronics", "industrial equipment",
    "healthcare",           "energy and utilities", "telecommunications",
    "agriculture and food", "research tools",
};
// Territories: JPY agreements, then USD ones.
constexpr std::array<std::array<const char*, 4>, 5> kJpyTerritories = {{
    {{"JP", nullptr, nullptr, nullptr}},
    {{"JP", "KR", "TW", nullptr}},
    {{"JP", "US", nullptr, nullptr}},
    {{"JP", "DE", "FR", "GB"}},
    {{"JP", "CN", nullptr, nullptr}},
}};
constexpr std::array<std::array<const char*, 4>, 3> kUsdTerritories = {{
    {{"US", "CA", nullptr, nullptr}},
    {{"US", "JP", nullptr, nullptr}},
    {{"US", "CA", "MX", nullptr}},
}};
constexpr const char* kProductModels[] = {"A", "B", "S", "X", "Pro", "Lite", "Plus", "100", "200", "500"};
constexpr const char* kMilestones[] = {"first commercial sale", "regulatory approval"};

Currency currency_of(bool usd) { return Currency::of(usd ? "USD" : "JPY").value(); }

// An amount in minor units as the files write it (Money::to_string):
// "3000000" (JPY), "25000.00" (USD).
std::string amount_text(std::int64_t minor, bool usd = false) {
  return Money(minor, currency_of(usd)).to_string();
}

// "YYYY-MM" of a day.
std::string month_text(int day) { return date_text(day).substr(0, 7); }

// A fixed-point rate in millionths as text: "151.234567", trailing zeros
// dropped down to two decimals ("151.20").
std::string rate_text(std::int64_t micro) {
  std::string s;
  append_uint(s, static_cast<std::uint64_t>(micro / 1000000));
  s.push_back('.');
  std::string frac;
  append_uint(frac, static_cast<std::uint64_t>(micro % 1000000), 6);
  while (frac.size() > 2 && frac.back() == '0') frac.pop_back();
  return s + frac;
}

bool is_company(std::string_view code) {
  return code.size() > 1 && code[0] == 'C' && code[1] == '-';
}

bool is_live(const App& a) {
  return std::string_view(a.status) == kStatusPending ||
         std::string_view(a.status) == kStatusGranted;
}

// True if the active priorities of `a` are exactly {number}.
bool claims_only(const App& a, std::string_view number) {
  bool any = false;
  for (const Claim& c : a.priorities) {
    if (!c.active) continue;
    if (c.number != number) return false;
    any = true;
  }
  return any;
}

std::string coded(const char* prefix, std::size_t n, int width) {
  std::string s = prefix;
  append_uint(s, static_cast<std::uint64_t>(n), width);
  return s;
}

// IPC subclasses ("H01M") of the topic vocabulary, numbered.
class Subclasses {
 public:
  Subclasses() {
    for (std::size_t t = 0; t < kTopicCount; ++t) {
      for (std::size_t k = 0; k < 4; ++k) {
        const std::string_view sc = std::string_view(kTopics[t].ipc[k]).substr(0, 4);
        std::size_t i = 0;
        while (i < names_.size() && names_[i] != sc) ++i;
        if (i == names_.size()) names_.push_back(sc);
        of_[t][k] = i;
      }
    }
  }
  std::size_t size() const { return names_.size(); }
  std::string_view name(std::size_t i) const { return names_[i]; }
  std::size_t of(std::size_t topic, std::size_t ipc) const { return of_[topic][ipc]; }

 private:
  std::vector<std::string_view> names_;
  std::array<std::array<std::size_t, 4>, kTopicCount> of_{};
};

struct SchemePatent {
  std::string number;
  int filing = 0;
  std::vector<std::string> owners;  // institution codes
};

// A JP first filing remembered as a candidate for aggregation.
struct Candidate {
  std::uint64_t seq = 0;  // order in patents.jsonl
  std::string number;
  int filing = 0;
  std::size_t topic = 0;
  std::size_t noun = 0;
  std::vector<std::size_t> subclasses;  // distinct; the first is that of the first IPC
  std::vector<std::string> owners;
  std::vector<std::string> inventor_institutions;  // distinct
  std::vector<SchemePatent> follow_ons;            // live members of its simple family
};

struct Package {
  std::vector<std::size_t> cores;  // indices into the aggregated list
  std::vector<SchemePatent> peripherals;
  int date = 0;
  int agg_date = 0;  // latest aggregation of a core
  int marketed = 0;  // the day it was marketed, 0 when not
  std::string code;
  std::vector<std::string> candidates;  // its consortium's licensee candidates
};

struct Project {
  std::size_t package = 0;
  int from = 0;
  int to = 0;
  std::string code;
};

// One line of scheme.jsonl with its sort key.
struct Op {
  int date;
  std::uint64_t seq;
  std::string text;
};

// One line of scheme.jsonl: {"op": …, …}.
class Line : public Record {
 public:
  explicit Line(const char* op) { str("op", op); }
};

struct SchemeCounts {
  std::int64_t operations = 0;
  std::int64_t aggregated = 0;
  std::int64_t packages = 0;
  std::int64_t projects = 0;
  std::int64_t agreements = 0;
  std::int64_t reports = 0;
  std::int64_t milestones = 0;
  std::int64_t payments = 0;
  std::int64_t payouts = 0;
  std::int64_t closes = 0;
};

class SchemeCollector {
 public:
  explicit SchemeCollector(std::uint64_t seed) : rng_(stream_seed(seed)) {
    pool_.resize(subclasses_.size());
    pool_seen_.resize(subclasses_.size());
  }

  // Sees the first `written` applications of `f`, as written to patents.jsonl.
  void observe(const Family& f, std::size_t written) {
    family_owners_.clear();
    for (std::size_t k = 0; k < f.owner_count; ++k) family_owners_.emplace_back(f.owners[k].code);
    family_subclasses_.clear();
    for (std::size_t k = 0; k < f.ipc_count; ++k) {
      const std::size_t sc = subclasses_.of(f.topic, f.ipc[k]);
      if (std::find(family_subclasses_.begin(), family_subclasses_.end(), sc) ==
          family_subclasses_.end()) {
        family_subclasses_.push_back(sc);
      }
    }
    for (std::size_t i = 0; i < written; ++i) {
      const App& a = f.apps[i];
      const std::uint64_t seq = seq_++;
      if (!is_live(a)) continue;
      for (std::size_t sc : family_subclasses_) {
        if (SchemePatent* slot = reservoir(pool_[sc], pool_seen_[sc], kPoolPerSubclass)) {
          slot->number = a.number;
          slot->filing = a.filing;
          slot->owners = family_owners_;
        }
      }
      if (a.office != Office::kJp || !a.priorities.empty()) continue;
      if (a.filing > kAsOf - 60 || !academic_owner(f) || withdrawn_base(f, written, a.number))
        continue;
      Candidate* slot = rng_.permille(kAggregatePermille)
                            ? reservoir(chosen_, chosen_seen_, kMaxAggregated)
                            : reservoir(spares_, spares_seen_, kSpares);
      if (slot != nullptr) fill(*slot, f, written, i, seq);
    }
  }

  // Plans the scheme and writes it to `path`.
  SchemeCounts write(const std::string& path, const std::vector<Company>& companies) {
    plan(companies);
    std::sort(ops_.begin(), ops_.end(), [](const Op& x, const Op& y) {
      return x.date != y.date ? x.date < y.date : x.seq < y.seq;
    });
    OutFile out(path);
    for (const Op& op : ops_) {
      out.buf() += op.text;
      out.line_done();
    }
    out.close();
    counts_.operations = static_cast<std::int64_t>(ops_.size());
    return counts_;
  }

 private:
  static std::uint64_t stream_seed(std::uint64_t seed) {
    std::uint64_t x = seed ^ 0x5343484D45ULL;  // "SCHME": a stream apart from the patents'
    return splitmix64(x);
  }

  template <class T>
  T* reservoir(std::vector<T>& r, std::uint64_t& seen, std::size_t cap) {
    ++seen;
    if (r.size() < cap) return &r.emplace_back();
    const std::uint64_t j = rng_.below(seen);
    return j < cap ? &r[static_cast<std::size_t>(j)] : nullptr;
  }

  static bool academic_owner(const Family& f) {
    for (std::size_t k = 0; k < f.owner_count; ++k) {
      if (!is_company(f.owners[k].code)) return true;
    }
    return false;
  }

  // A JP first filing whose content went into a domestic-priority
  // application (deemed withdrawn): not a candidate.
  static bool withdrawn_base(const Family& f, std::size_t written, std::string_view number) {
    for (std::size_t j = 0; j < written; ++j) {
      for (const Claim& c : f.apps[j].priorities) {
        if (c.number == number && std::string_view(c.kind) == "domestic") return true;
      }
    }
    return false;
  }

  void fill(Candidate& c, const Family& f, std::size_t written, std::size_t i, std::uint64_t seq) {
    const App& a = f.apps[i];
    c.seq = seq;
    c.number = a.number;
    c.filing = a.filing;
    c.topic = f.topic;
    c.noun = f.noun;
    c.subclasses = family_subclasses_;
    c.owners.clear();
    for (std::size_t k = 0; k < f.owner_count; ++k) c.owners.emplace_back(f.owners[k].code);
    c.inventor_institutions.clear();
    for (std::size_t k = 0; k < f.inventor_count; ++k) {
      const std::string_view code = f.owners[f.inventors[k].owner].code;
      if (std::find(c.inventor_institutions.begin(), c.inventor_institutions.end(), code) ==
          c.inventor_institutions.end()) {
        c.inventor_institutions.emplace_back(code);
      }
    }
    c.follow_ons.clear();
    for (std::size_t j = 0; j < written; ++j) {
      const App& b = f.apps[j];
      if (j != i && is_live(b) && claims_only(b, a.number))
        c.follow_ons.push_back({b.number, b.filing, family_owners_});
    }
  }

  void add(int date, Line& line) { ops_.push_back({date, next_op_++, line.done()}); }

  int weekday_in(int lo, int hi) {  // a weekday in [lo, hi] when there is one
    const int d = weekday_on_or_after(rng_.range(lo, hi));
    if (d <= hi) return d;
    const int e = weekday_on_or_before(hi);
    return e >= lo ? e : lo;
  }

  void plan(const std::vector<Company>& companies) {
    auto by_seq = [](const Candidate& x, const Candidate& y) { return x.seq < y.seq; };
    std::sort(chosen_.begin(), chosen_.end(), by_seq);
    std::sort(spares_.begin(), spares_.end(), by_seq);
    std::size_t spare = 0;
    while (chosen_.size() < kMinAggregated && spare < spares_.size()) {
      chosen_.push_back(std::move(spares_[spare++]));
    }
    std::sort(chosen_.begin(), chosen_.end(), by_seq);

    aggregate_all();
    for (std::size_t k = 0; k < kDeclined && spare < spares_.size(); ++k) decline(spares_[spare++]);
    plan_packages();
    plan_projects(companies);
    plan_licensing(companies);
  }

  // --- evaluations, consents, aggregations
  void aggregate_all() {
    agg_dates_.resize(chosen_.size());
    for (std::size_t i = 0; i < chosen_.size(); ++i) {
      const Candidate& c = chosen_[i];
      const bool assignment = rng_.permille(700);
      int target = add_months(c.filing, rng_.range(3, 30));
      const int start = kSchemeStart + rng_.range(0, 1500);
      if (target < start) target = start;
      const int lo = c.filing + 30;
      if (target < lo) target = lo;
      if (target > kAsOf) target = rng_.range(lo, kAsOf);
      int agg = weekday_on_or_before(target);
      if (agg < lo) agg = weekday_on_or_after(lo);
      agg_dates_[i] = agg;

      int eval = agg - rng_.range(14, 120);
      if (eval < c.filing) eval = c.filing;
      eval = weekday_on_or_after(eval);
      Line e("evaluate");
      e.str("patent", c.number).date("date", eval);
      e.num("technology", rng_.range(3, 5))
          .num("market", rng_.range(3, 5))
          .num("rights", rng_.range(3, 5));
      e.str("evaluator", kEvaluators[rng_.index(std::size(kEvaluators))])
          .str("decision", "approve");
      e.str("reason", kApproveReasons[rng_.index(std::size(kApproveReasons))]);
      add(eval, e);

      if (c.owners.size() > 1) {
        for (const char* scope : {"assignment", "licensing"}) {
          if (!assignment && std::string_view(scope) == "assignment") continue;
          for (const std::string& owner : c.owners) {
            const int d = weekday_in(eval, agg);
            Line l("consent");
            l.str("patent", c.number).str("institution", owner).str("scope", scope).date("date", d);
            add(d, l);
          }
        }
      }

      Line a("aggregate");
      a.str("patent", c.number)
          .str("mode", assignment ? "assignment" : "mandate")
          .date("date", agg);
      a.str("reason", kAggregateReasons[rng_.index(std::size(kAggregateReasons))]);
      add(agg, a);
    }
    counts_.aggregated = static_cast<std::int64_t>(chosen_.size());
    aggregated_numbers_.reserve(chosen_.size());
    for (const Candidate& c : chosen_) aggregated_numbers_.push_back(c.number);
    std::sort(aggregated_numbers_.begin(), aggregated_numbers_.end());
  }

  void decline(const Candidate& c) {
    int d = add_months(c.filing, rng_.range(2, 36));
    const int start = kSchemeStart + rng_.range(0, 1500);
    if (d < start) d = start;
    if (d > kAsOf) d = rng_.range(c.filing, kAsOf);
    d = weekday_in(d, kAsOf);
    // At least one score low enough to decline.
    std::array<int, 3> scores = {rng_.range(2, 5), rng_.range(1, 4), rng_.range(2, 5)};
    scores[rng_.index(3)] = rng_.range(1, 2);
    Line e("evaluate");
    e.str("patent", c.number).date("date", d);
    e.num("technology", scores[0]).num("market", scores[1]).num("rights", scores[2]);
    e.str("evaluator", kEvaluators[rng_.index(std::size(kEvaluators))]).str("decision", "decline");
    e.str("reason", kDeclineReasons[rng_.index(std::size(kDeclineReasons))]);
    add(d, e);
  }

  // --- packages
  bool aggregated(std::string_view number) const {
    return std::binary_search(aggregated_numbers_.begin(), aggregated_numbers_.end(), number);
  }

  static bool shares_subclass(const Candidate& x, const Candidate& y) {
    for (std::size_t a : x.subclasses) {
      if (std::find(y.subclasses.begin(), y.subclasses.end(), a) != y.subclasses.end()) return true;
    }
    return false;
  }

  void plan_packages() {
    const std::size_t n = chosen_.size();
    if (n == 0) return;
    std::size_t count = n / 4 > kMinPackages ? n / 4 : kMinPackages;
    if (count > n) count = n;
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng_.index(i)]);
    std::vector<bool> used(n, false);
    std::size_t used_count = 0;
    std::size_t next = 0;
    packages_.resize(count);
    for (std::size_t k = 0; k < count; ++k) {
      Package& p = packages_[k];
      while (used[order[next]]) ++next;
      const std::size_t first = order[next];
      used[first] = true;
      ++used_count;
      p.cores.push_back(first);
      if (n - used_count > count - k - 1 && rng_.permille(350)) {
        for (std::size_t j = next + 1; j < n && j < next + 64; ++j) {
          const std::size_t o = order[j];
          if (!used[o] && shares_subclass(chosen_[first], chosen_[o])) {
            used[o] = true;
            ++used_count;
            p.cores.push_back(o);
            break;
          }
        }
      }
      for (std::size_t c : p.cores)
        p.agg_date = p.agg_date > agg_dates_[c] ? p.agg_date : agg_dates_[c];
      int d = p.agg_date + rng_.range(0, 120);
      if (d > kAsOf) d = kAsOf;
      d = weekday_on_or_before(d);
      p.date = d < p.agg_date ? p.agg_date : d;
      pick_peripherals(p);
    }
    // Codes in date order.
    std::sort(packages_.begin(), packages_.end(), [&](const Package& x, const Package& y) {
      return x.date != y.date ? x.date < y.date : chosen_[x.cores[0]].seq < chosen_[y.cores[0]].seq;
    });
    std::vector<std::pair<std::string, int>> names;  // name_en, times used
    for (std::size_t k = 0; k < packages_.size(); ++k) {
      Package& p = packages_[k];
      p.code = coded("PKG-", k + 1, 3);
      const Candidate& core = chosen_[p.cores[0]];
      const Topic& t = kTopics[core.topic];
      std::string name_en = std::string(t.nouns[core.noun].en) + " package";
      std::string name_ja = std::string(t.nouns[core.noun].ja) + "パッケージ";
      int times = 1;
      for (auto& [name, used_times] : names) {
        if (name == name_en) times = ++used_times;
      }
      if (times == 1) names.emplace_back(name_en, 1);
      if (times > 1) {
        name_en += " ";
        append_uint(name_en, static_cast<std::uint64_t>(times));
        append_uint(name_ja, static_cast<std::uint64_t>(times));
      }
      std::string theme = kTopicThemes[core.topic].en;
      theme += " (";
      theme += subclasses_.name(subclasses_.of(core.topic, 0));
      theme += ")";
      Line l("package.create");
      l.str("code", p.code).str("name_en", name_en).str("name_ja", name_ja).str("theme", theme);
      l.list("core", p.cores, [&](std::size_t c) -> std::string_view { return chosen_[c].number; });
      l.list("peripheral", p.peripherals,
             [](const SchemePatent& s) -> std::string_view { return s.number; });
      l.date("date", p.date);
      add(p.date, l);
      if (rng_.permille(500)) {
        const int m = weekday_on_or_before(p.date + rng_.range(30, 270));
        Line s("package.status");
        s.str("code", p.code).str("status", "marketed").date("date", m);
        add(m, s);
        p.marketed = m;
      }
    }
    counts_.packages = static_cast<std::int64_t>(packages_.size());
  }

  void pick_peripherals(Package& p) {
    const std::size_t want = pick_weighted(rng_, std::array<int, 5>{15, 25, 25, 20, 15});
    std::vector<const SchemePatent*> family;
    std::vector<std::size_t> subclasses;
    for (std::size_t c : p.cores) {
      for (const SchemePatent& s : chosen_[c].follow_ons) {
        if (s.filing <= p.date) family.push_back(&s);
      }
      for (std::size_t sc : chosen_[c].subclasses) {
        if (!pool_[sc].empty() &&
            std::find(subclasses.begin(), subclasses.end(), sc) == subclasses.end()) {
          subclasses.push_back(sc);
        }
      }
    }
    auto member = [&](std::string_view number) {
      for (std::size_t c : p.cores) {
        if (chosen_[c].number == number) return true;
      }
      for (const SchemePatent& s : p.peripherals) {
        if (s.number == number) return true;
      }
      return false;
    };
    for (int attempt = 0; attempt < 24 && p.peripherals.size() < want; ++attempt) {
      const SchemePatent* s = nullptr;
      if (!family.empty() && (subclasses.empty() || rng_.permille(600))) {
        const std::size_t k = rng_.index(family.size());
        s = family[k];
        family.erase(family.begin() + static_cast<std::ptrdiff_t>(k));
      } else if (!subclasses.empty()) {
        const std::vector<SchemePatent>& pool = pool_[subclasses[rng_.index(subclasses.size())]];
        s = &pool[rng_.index(pool.size())];
        if (s->filing > p.date || aggregated(s->number)) s = nullptr;
      } else {
        break;
      }
      if (s != nullptr && !member(s->number)) p.peripherals.push_back(*s);
    }
  }

  // --- Super Highway projects, contracts, expenses, staff, consortia
  void plan_projects(const std::vector<Company>& companies) {
    const std::size_t count = packages_.size() < kProjects ? packages_.size() : kProjects;
    // Packages ready by the first half of FY2024 first, each group shuffled.
    const int ready_by = add_months(kFy2024Start, 6);
    std::vector<std::size_t> early;
    std::vector<std::size_t> late;
    for (std::size_t i = 0; i < packages_.size(); ++i)
      (packages_[i].date <= ready_by ? early : late).push_back(i);
    for (auto* group : {&early, &late}) {
      for (std::size_t i = group->size(); i > 1; --i)
        std::swap((*group)[i - 1], (*group)[rng_.index(i)]);
    }
    std::vector<std::size_t> order = early;
    order.insert(order.end(), late.begin(), late.end());
    std::vector<Project> projects(count);
    for (std::size_t k = 0; k < count; ++k) {
      Project& pr = projects[k];
      pr.package = order[k];
      const int lo =
          packages_[pr.package].date > kFy2024Start ? packages_[pr.package].date : kFy2024Start;
      std::vector<int> starts;  // first days of months in FY2024 H1 on or after lo
      for (int m = 0; m < 7; ++m) {
        const int d = add_months(kFy2024Start, m);
        if (d >= lo) starts.push_back(d);
      }
      pr.from = starts.empty() ? lo : starts[rng_.index(starts.size())];
      static const std::array<int, 3> kEnds = {day_of(2026, 3, 31), day_of(2026, 9, 30), day_of(2027, 3, 31)};
      pr.to = kEnds[pick_weighted(rng_, std::array<int, 3>{40, 20, 40})];
    }
    std::sort(projects.begin(), projects.end(), [](const Project& x, const Project& y) {
      return x.from != y.from ? x.from < y.from : x.package < y.package;
    });
    for (std::size_t k = 0; k < projects.size(); ++k) {
      projects[k].code = coded("SH-", k + 1, 2);
      write_project(projects[k]);
    }
    // Consortia form around the packages, often before the project starts;
    // codes in date order.
    std::vector<std::pair<int, std::size_t>> consortia;  // date, project
    for (std::size_t k = 0; k < projects.size(); ++k) {
      const int package_date = packages_[projects[k].package].date;
      int date = weekday_on_or_before(projects[k].from - rng_.range(0, 90));
      if (date < package_date) date = package_date;
      consortia.emplace_back(date, k);
    }
    std::sort(consortia.begin(), consortia.end());
    for (std::size_t k = 0; k < consortia.size(); ++k) {
      write_consortium(projects[consortia[k].second], coded("CON-", k + 1, 3), consortia[k].first,
                       companies);
    }
    counts_.projects = static_cast<std::int64_t>(projects.size());
  }

  void write_project(const Project& pr) {
    const Package& p = packages_[pr.package];
    Line l("project.create");
    l.str("code", pr.code).str("package", p.code);
    l.list("basic_patents", p.cores,
           [&](std::size_t c) -> std::string_view { return chosen_[c].number; });
    l.str("budget", amount_text(kProjectBudget)).date("from", pr.from).date("to", pr.to);
    add(pr.from, l);

    // Contractors: the inventors' institutions, universities and labs first.
    std::vector<std::string_view> academic;
    std::vector<std::string_view> company;
    for (std::size_t c : p.cores) {
      for (const std::string& code : chosen_[c].inventor_institutions) {
        auto& list = is_company(code) ? company : academic;
        if (std::find(list.begin(), list.end(), code) == list.end()) list.push_back(code);
      }
    }
    const Candidate& core = chosen_[p.cores[0]];
    const auto cls = static_cast<std::size_t>(kTopics[core.topic].cls);
    const std::string noun = lowered(kTopics[core.topic].nouns[core.noun].en);
    std::int64_t remaining = kProjectBudget;
    // Start dates first, so that refs run in date order.
    const auto contracts = static_cast<std::size_t>(rng_.range(1, 3));
    std::array<int, 3> starts{};
    for (std::size_t k = 0; k < contracts; ++k)
      starts[k] = weekday_on_or_after(pr.from + rng_.range(0, 60));
    std::sort(starts.begin(), starts.begin() + static_cast<std::ptrdiff_t>(contracts));
    for (std::size_t k = 0; k < contracts; ++k) {
      const std::int64_t max_steps = remaining / 500000 < 16 ? remaining / 500000 : 16;
      if (max_steps < 6) break;
      const std::int64_t amount = 500000 * rng_.range(6, static_cast<int>(max_steps));
      remaining -= amount;
      const bool pick_company = academic.empty() || (!company.empty() && rng_.permille(150));
      const auto& list = pick_company ? company : academic;
      const std::string_view contractor = list[rng_.index(list.size())];
      const int from = starts[k];
      int to = add_months(from, rng_.range(10, 24));
      if (to > pr.to) to = pr.to;
      std::string deliverable = kDeliverables[cls][rng_.index(3)];
      deliverable.replace(deliverable.find('%'), 1, noun);
      const bool recoverable = rng_.permille(600);
      std::string ref = pr.code + "/";
      append_uint(ref, static_cast<std::uint64_t>(k + 1));
      Line c("contract.add");
      c.str("ref", ref)
          .str("project", pr.code)
          .str("institution", contractor)
          .str("amount", amount_text(amount));
      c.date("from", from)
          .date("to", to)
          .str("deliverable", deliverable)
          .flag("recoverable", recoverable);
      add(from, c);
      write_expenses(ref, amount, from, to, recoverable);
    }

    const int staff = rng_.range(1, 2);
    std::size_t first_region = kRegionWeights.size();
    for (int k = 0; k < staff; ++k) {
      std::size_t region = pick_weighted(rng_, kRegionWeights);
      if (region == first_region) region = (region + 1) % kRegionWeights.size();
      first_region = region;
      Line s("staff.assign");
      s.str("project", pr.code)
          .str("name", kStaff[region][rng_.index(3)])
          .str("region", kRegions[region]);
      s.date("from", pr.from);
      add(pr.from, s);
    }
  }

  void write_expenses(const std::string& ref, std::int64_t amount, int from, int to,
                      bool recoverable) {
    const int last = to < kLastExpense ? to : kLastExpense;
    const int n = rng_.range(1, 4);
    // Spend 40–90% of the contract, in units of 10,000 JPY.
    const std::int64_t total = amount * rng_.range(40, 90) / 100;
    std::array<int, 4> weights{};
    int weight_sum = 0;
    for (int k = 0; k < n; ++k)
      weight_sum += weights[static_cast<std::size_t>(k)] = rng_.range(1, 10);
    std::array<int, 4> dates{};
    for (int k = 0; k < n; ++k) dates[static_cast<std::size_t>(k)] = weekday_in(from, last);
    std::sort(dates.begin(), dates.begin() + n);
    for (int k = 0; k < n; ++k) {
      const auto i = static_cast<std::size_t>(k);
      std::int64_t part = total * weights[i] / weight_sum / 10000 * 10000;
      if (part < 10000) part = 10000;
      const bool own_recoverable = !recoverable && rng_.permille(150);
      Line e("expense.add");
      e.str("contract", ref).str("amount", amount_text(part)).date("date", dates[i]);
      e.flag("recoverable", own_recoverable);
      e.str("note", own_recoverable ? kRecoverableExpenseNote
                                    : kExpenseNotes[rng_.index(std::size(kExpenseNotes))]);
      add(dates[i], e);
    }
  }

  void write_consortium(const Project& pr, const std::string& code, int date,
                        const std::vector<Company>& companies) {
    Package& p = packages_[pr.package];
    Line l("consortium.create");
    l.str("code", code).str("package", p.code).date("date", date);
    add(date, l);

    std::vector<std::string_view> members;
    auto join = [&](std::string_view institution, const char* role, int day, bool nda) {
      members.push_back(institution);
      Line m("consortium.add");
      m.str("code", code).str("institution", institution).str("role", role).date("date", day);
      if (nda) m.date("nda_date", day + rng_.range(0, 90));
      add(day, m);
    };
    for (std::size_t c : p.cores) {
      for (const std::string& owner : chosen_[c].owners) {
        if (std::find(members.begin(), members.end(), owner) != members.end()) continue;
        if (is_company(owner)) {
          join(owner, "partner", date + rng_.range(0, 60), rng_.permille(500));
        } else {
          join(owner, "university", date, false);
        }
      }
    }
    const int candidates = rng_.range(2, 5);
    for (int k = 0; k < candidates; ++k) {
      std::string_view co = companies[rng_.index(companies.size())].code;
      while (std::find(members.begin(), members.end(), co) != members.end()) {
        co = companies[rng_.index(companies.size())].code;
      }
      join(co, "licensee_candidate", date + rng_.range(0, 240), rng_.permille(600));
      p.candidates.emplace_back(co);
    }
  }

  // --- licensing in FY2025: agreements, reports, milestones, payments,
  // payouts and the twelve month closes
  struct Bill {
    int date = 0;
    std::int64_t amount = 0;  // minor units; negative: a credit note
  };
  struct Deal {
    std::string id;
    std::string licensee;
    bool usd = false;
    std::size_t package = kNoPackage;  // index into packages_
    std::vector<std::size_t> listed;   // indices into chosen_ (a patent-list deal)
    std::size_t topic = 0;
    std::size_t noun = 0;
    bool exclusive = false;
    std::string field;
    std::size_t market = 0;  // index in kMarkets of the field
    std::size_t territory = 0;
    int start = 0;
    int end = 0;
    std::int64_t upfront = 0;
    std::int64_t minimum = 0;
    std::int64_t sublicense_bps = 0;
    std::size_t milestones = 0;       // 0..2, amounts below
    std::array<std::int64_t, 2> milestone_amounts{};
    std::int64_t base_sales = 0;      // per quarter, minor units
    int first_sales_quarter = 0;
    std::uint64_t order = 0;          // planning order, for ties
    std::vector<Bill> bills;          // what is invoiced, by date
    std::int64_t applied = 0;         // what payments settled
  };
  struct Receipt {
    int date = 0;
    std::size_t deal = 0;
    std::int64_t amount = 0;
    std::int64_t rate_micro = 0;  // JPY per USD in millionths; 0 for JPY
  };

  const std::array<const char*, 4>& territory_of(const Deal& d) const {
    return d.usd ? kUsdTerritories[d.territory] : kJpyTerritories[d.territory];
  }
  static std::size_t territory_size(const std::array<const char*, 4>& t) {
    std::size_t n = 0;
    while (n < t.size() && t[n] != nullptr) ++n;
    return n;
  }

  // The licensed patents of a deal: numbers and owners.
  std::vector<const SchemePatent*> licensed_peripherals(const Deal& d) const {
    std::vector<const SchemePatent*> out;
    if (d.package == kNoPackage) return out;
    for (const SchemePatent& s : packages_[d.package].peripherals) out.push_back(&s);
    return out;
  }
  std::vector<std::size_t> licensed_cores(const Deal& d) const {
    return d.package == kNoPackage ? d.listed : packages_[d.package].cores;
  }
  std::vector<std::string> licensed_numbers(const Deal& d) const {
    std::vector<std::string> out;
    for (std::size_t c : licensed_cores(d)) out.push_back(chosen_[c].number);
    for (const SchemePatent* s : licensed_peripherals(d)) out.push_back(s->number);
    std::sort(out.begin(), out.end());
    return out;
  }
  bool owns_licensed(const Deal& d, std::string_view code) const {
    for (std::size_t c : licensed_cores(d)) {
      for (const std::string& o : chosen_[c].owners) {
        if (o == code) return true;
      }
    }
    for (const SchemePatent* s : licensed_peripherals(d)) {
      for (const std::string& o : s->owners) {
        if (o == code) return true;
      }
    }
    return false;
  }

  // A first day of a month in [lo, kLastLicenceStart]; lo is a first day.
  int licence_start(int lo) {
    int months = 0;
    while (add_months(lo, months + 1) <= kLastLicenceStart) ++months;
    return add_months(lo, rng_.range(0, months));
  }

  // The licensee: a US company when `want_usd`, else often one of the
  // package's licensee candidates; never an owner of a licensed patent.
  void pick_licensee(Deal& d, bool want_usd, const std::vector<Company>& companies) {
    std::vector<const Company*> pool;
    if (!want_usd && d.package != kNoPackage && rng_.permille(650)) {
      for (const std::string& code : packages_[d.package].candidates) {
        for (const Company& c : companies) {
          if (c.code == code && !owns_licensed(d, c.code)) pool.push_back(&c);
        }
      }
    }
    if (pool.empty()) {
      for (const Company& c : companies) {
        if ((std::string_view(c.country) == "US") == want_usd && !owns_licensed(d, c.code))
          pool.push_back(&c);
      }
    }
    if (pool.empty()) {
      for (const Company& c : companies) {
        if (!owns_licensed(d, c.code)) pool.push_back(&c);
      }
    }
    const Company& c = *pool[rng_.index(pool.size())];
    d.licensee = c.code;
    d.usd = std::string_view(c.country) == "US";
  }

  // An amount given in yen, in the deal's minor units: yen for JPY; for
  // USD, whole dollars at about 150 JPY to the dollar, in cents.
  static std::int64_t in_currency(const Deal& d, std::int64_t yen) {
    return d.usd ? yen / 150 * 100 : yen;
  }

  // Terms drawn for a deal whose patents, start and licensee are known.
  void draw_terms(Deal& d, std::size_t market) {
    d.market = market;
    d.field = std::string(kTopicThemes[d.topic].en) + ", " + kMarkets[market];
    d.territory = d.usd ? rng_.index(kUsdTerritories.size()) : rng_.index(kJpyTerritories.size());
    d.end = add_months(d.start, 12 * rng_.range(3, 5)) - 1;
    d.upfront = in_currency(d, 500000 * rng_.range(2, 16));
    d.minimum = rng_.permille(400) ? in_currency(d, 500000 * rng_.range(2, 6)) : 0;
    d.sublicense_bps = rng_.permille(300) ? 2500 : 0;
    if (rng_.permille(300)) {
      d.milestones = rng_.permille(400) ? 2 : 1;
      for (std::size_t k = 0; k < d.milestones; ++k)
        d.milestone_amounts[k] = in_currency(d, 1000000 * rng_.range(2, 5));
    }
    d.base_sales = in_currency(d, 100000 * rng_.range(20, 600));
    d.first_sales_quarter = rng_.permille(300) ? 1 : 0;
  }

  void plan_licensing(const std::vector<Company>& companies) {
    if (packages_.empty() || chosen_.empty()) return;
    std::vector<Deal> deals;
    std::uint64_t order = 0;
    // The anchor deal: a licence of one aggregated patent, from the first day
    // of FY2025, with a minimum royalty that its sales do not reach (so the
    // March close trues it up); its owner, a university when one owns an
    // aggregated patent alone, receives the payouts.
    {
      std::vector<std::size_t> sole;
      for (std::size_t c = 0; c < chosen_.size(); ++c) {
        if (chosen_[c].owners.size() == 1 && chosen_[c].owners[0].rfind("U-", 0) == 0) sole.push_back(c);
      }
      Deal d;
      d.listed.push_back(sole.empty() ? rng_.index(chosen_.size()) : sole[rng_.index(sole.size())]);
      d.start = kFy2025Start;
      pick_licensee(d, false, companies);
      d.usd = false;
      d.topic = chosen_[d.listed[0]].topic;
      d.noun = chosen_[d.listed[0]].noun;
      draw_terms(d, rng_.index(std::size(kMarkets)));
      d.upfront = 3000000;
      d.minimum = 2000000;
      d.base_sales = 100000 * rng_.range(10, 30);
      d.first_sales_quarter = 0;
      d.order = order++;
      deals.push_back(std::move(d));
    }
    // About one licence per package marketed by the last start.
    for (std::size_t k = 0; k < packages_.size(); ++k) {
      const Package& p = packages_[k];
      if (p.marketed == 0 || p.marketed >= kLastLicenceStart) continue;
      Deal d;
      d.package = k;
      const int after = Date::from_days(p.marketed).month_start().add_months(1).days_since_epoch();
      d.start = licence_start(after > kFy2025Start ? after : kFy2025Start);
      pick_licensee(d, deals.size() == 1 || rng_.permille(80), companies);
      d.topic = chosen_[p.cores[0]].topic;
      d.noun = chosen_[p.cores[0]].noun;
      d.exclusive = rng_.permille(350) || deals.size() == 1;  // the first package licence is exclusive
      draw_terms(d, rng_.index(std::size(kMarkets)));
      d.order = order++;
      deals.push_back(std::move(d));
    }
    // A few licences on lists of aggregated patents.
    const std::size_t lists = std::min<std::size_t>(2 + deals.size() / 3, chosen_.size() / 2);
    for (std::size_t k = 0; k < lists; ++k) {
      Deal d;
      const std::size_t want = 1 + pick_weighted(rng_, std::array<int, 3>{60, 30, 10});
      for (int attempt = 0; attempt < 12 && d.listed.size() < want; ++attempt) {
        const std::size_t c = rng_.index(chosen_.size());
        if (std::find(d.listed.begin(), d.listed.end(), c) == d.listed.end()) d.listed.push_back(c);
      }
      d.start = licence_start(kFy2025Start);
      pick_licensee(d, rng_.permille(120), companies);
      d.topic = chosen_[d.listed[0]].topic;
      d.noun = chosen_[d.listed[0]].noun;
      d.exclusive = rng_.permille(150);
      draw_terms(d, rng_.index(std::size(kMarkets)));
      d.order = order++;
      deals.push_back(std::move(d));
    }
    std::sort(deals.begin(), deals.end(), [](const Deal& x, const Deal& y) {
      return x.start != y.start ? x.start < y.start : x.order < y.order;
    });
    // Never a licence on a patent and field an exclusive one holds, in
    // either order (issue 18): an exclusive deal that would meet a licence
    // already granted becomes non-exclusive, and a deal that would meet an
    // exclusive one moves to the next market.
    struct Granted {
      std::vector<std::string> numbers;  // sorted
      std::string field;
      bool exclusive = false;
    };
    std::vector<Granted> granted;
    for (std::size_t k = 0; k < deals.size(); ++k) {
      Deal& d = deals[k];
      d.id = coded("LIC-2025-", k + 1, 3);
      const std::vector<std::string> numbers = licensed_numbers(d);
      auto meets = [&](bool exclusive) {
        return std::any_of(granted.begin(), granted.end(), [&](const Granted& g) {
          if (g.field != d.field || !(g.exclusive || exclusive)) return false;
          return std::any_of(numbers.begin(), numbers.end(), [&](const std::string& n) {
            return std::binary_search(g.numbers.begin(), g.numbers.end(), n);
          });
        });
      };
      if (d.exclusive && meets(true)) d.exclusive = false;
      for (std::size_t m = 1; meets(false) && m <= std::size(kMarkets); ++m) {
        d.field = std::string(kTopicThemes[d.topic].en) + ", " + kMarkets[(d.market + m) % std::size(kMarkets)];
      }
      granted.push_back(Granted{numbers, d.field, d.exclusive});
    }

    for (Deal& d : deals) write_agreement(d);
    write_milestones(deals);
    write_reports(deals);
    write_payments(deals);
    for (int m = 0; m < kLicenceMonths; ++m) {
      const int first = add_months(kFy2025Start, m);
      Line l("close");
      l.str("month", month_text(first));
      add(add_months(first, 1) - 1, l);
      ++counts_.closes;
    }
    counts_.agreements = static_cast<std::int64_t>(deals.size());
  }

  // Licensing consents for the co-owned peripherals (the aggregated patents
  // already have theirs), then the agreement; its upfront fee is invoiced on
  // the start date.
  void write_agreement(Deal& d) {
    for (const SchemePatent* s : licensed_peripherals(d)) {
      if (s->owners.size() < 2 || !licensing_consented_.insert(s->number).second) continue;
      const int lo = s->filing > d.start - 90 ? s->filing : d.start - 90;
      for (const std::string& owner : s->owners) {
        const int day = weekday_in(lo, d.start);
        Line c("consent");
        c.str("patent", s->number).str("institution", owner).str("scope", "licensing").date("date", day);
        add(day, c);
      }
    }
    // The body is the file `chizai agreement add` reads.
    Line l("agreement.add");
    JsonWriter& w = l.w();
    w.key("agreement").begin_object().field("id", d.id).field("licensee", d.licensee);
    if (d.package != kNoPackage) {
      w.field("package", packages_[d.package].code);
    } else {
      w.key("patents").begin_array();
      for (std::size_t c : d.listed) w.value(chosen_[c].number);
      w.end_array();
    }
    w.field("exclusive", d.exclusive).field("field", d.field).key("territory").begin_array();
    for (const char* t : territory_of(d)) {
      if (t == nullptr) break;
      w.value(t);
    }
    w.end_array().field("start", date_text(d.start)).field("end", date_text(d.end));
    w.field("currency", currency_of(d.usd).code()).field("upfront_fee", amount_text(d.upfront, d.usd));
    w.key("royalty_tiers").begin_array();
    for (const RoyaltyTier& tier : kTiers) {
      w.begin_object();
      if (tier.up_to_minor) w.field("up_to", amount_text(*tier.up_to_minor, d.usd));
      w.field("rate_bps", tier.rate_bps).end_object();
    }
    w.end_array().field("minimum_annual_royalty", amount_text(d.minimum, d.usd));
    w.key("milestones").begin_array();
    for (std::size_t k = 0; k < d.milestones; ++k) {
      w.begin_object().field("name", kMilestones[k]);
      w.field("amount", amount_text(d.milestone_amounts[k], d.usd)).end_object();
    }
    w.end_array().field("sublicense_share_bps", d.sublicense_bps).end_object();
    add(d.start, l);
    if (d.upfront > 0) d.bills.push_back({d.start, d.upfront});
  }

  // The first milestone is reached within FY2025 for most agreements that
  // have one (always for the first of them).
  void write_milestones(std::vector<Deal>& deals) {
    bool any = false;
    for (Deal& d : deals) {
      if (d.milestones == 0) continue;
      const int day = weekday_on_or_after(d.start + rng_.range(60, 300));
      if ((any && !rng_.permille(600)) || day > kFy2025End - 10) continue;
      any = true;
      Line l("milestone.reach");
      l.str("agreement", d.id).str("name", kMilestones[0]).date("reached_on", day);
      add(day, l);
      d.bills.push_back({day, d.milestone_amounts[0]});
      ++counts_.milestones;
    }
  }

  // Quarterly reports over contract-year quarters, each received on its
  // last day; one of them is corrected at once (a credit note).
  void write_reports(std::vector<Deal>& deals) {
    std::size_t corrected = deals.size();  // the deal whose report is corrected
    {
      std::vector<std::size_t> eligible;
      for (std::size_t k = 1; k < deals.size(); ++k) {
        if (!deals[k].usd && add_months(deals[k].start, 3) - 1 <= kFy2025End) eligible.push_back(k);
      }
      if (!eligible.empty()) corrected = eligible[rng_.index(eligible.size())];
    }
    for (std::size_t k = 0; k < deals.size(); ++k) {
      Deal& d = deals[k];
      std::vector<YearReport> year;  // the contract year's reports so far
      bool correct = k == corrected;
      for (int q = 0;; ++q) {
        const int first = add_months(d.start, 3 * q);
        const int last = add_months(d.start, 3 * q + 3) - 1;
        if (last > kFy2025End || last > d.end) break;
        if (q % 4 == 0) year.clear();
        std::vector<std::int64_t> sales = quarter_sales(d, q);
        std::int64_t total = 0;
        for (std::int64_t s : sales) total += s;
        std::int64_t sublicense = 0;
        if (d.sublicense_bps > 0 && q >= d.first_sales_quarter && rng_.permille(250))
          sublicense = in_currency(d, 100000 * rng_.range(1, 50));
        std::string ref = d.id + "/Q";
        append_uint(ref, static_cast<std::uint64_t>(q + 1));
        const std::vector<std::string> products = product_names(d, sales.size());
        write_report(d, ref, "", first, last, sales, products, sublicense);
        std::int64_t bill = charge(d, year, {total, sublicense, std::nullopt});
        if (correct && total > 0) {
          // The licensee over-reported the first line: a corrected report.
          const std::int64_t cut = std::max<std::int64_t>(100, sales[0] * rng_.range(5, 20) / 100 / 100 * 100);
          std::vector<std::int64_t> fixed = sales;
          fixed[0] = sales[0] > cut ? sales[0] - cut : 0;
          const std::int64_t fixed_total = total - (sales[0] - fixed[0]);
          write_report(d, ref + "-corrected", ref, first, last, fixed, products, sublicense);
          bill += charge(d, year, {fixed_total, sublicense, year.back().id});
          correct = false;
        }
        if (bill != 0) d.bills.push_back({last, bill});
      }
    }
  }

  // What a report invoices by the product's rules (licensing/agreement.h:
  // the running royalty and the sublicence share); the report joins its
  // contract year's `year`.
  static std::int64_t charge(const Deal& d, std::vector<YearReport>& year, const NewReport& report) {
    // What the year's earlier reports invoiced: each charged in turn.
    YearInvoiced invoiced;
    std::vector<YearReport> before;
    for (const YearReport& r : year) {
      const ReportCharge e = report_charge(kTiers, d.sublicense_bps, before,
                                           {r.net_sales_minor, r.sublicense_income_minor, r.corrects}, invoiced)
                                 .value();
      invoiced.running_royalty_minor += e.running_royalty_minor;
      invoiced.sublicense_minor += e.sublicense_minor;
      before.push_back(r);
    }
    const ReportCharge c = report_charge(kTiers, d.sublicense_bps, year, report, invoiced).value();
    const auto id = static_cast<long long>(year.size()) + 1;
    year.push_back({id, report.net_sales_minor, report.sublicense_income_minor, report.corrects});
    return c.running_royalty_minor + c.sublicense_minor;
  }

  // Net sales of a quarter, one amount per report line (multiples of 100
  // minor units); nothing before the first quarter with sales.
  std::vector<std::int64_t> quarter_sales(const Deal& d, int q) {
    if (q < d.first_sales_quarter) return {0};
    const std::int64_t growth = 100 + 12 * (q - d.first_sales_quarter) + rng_.range(-15, 15);
    const std::int64_t total = d.base_sales * growth / 100 / 100 * 100;
    if (territory_size(territory_of(d)) < 2 || !rng_.permille(500)) return {total};
    const std::int64_t first = total * rng_.range(50, 80) / 100 / 100 * 100;
    return {first, total - first};
  }

  std::vector<std::string> product_names(const Deal& d, std::size_t lines) {
    std::vector<std::string> out;
    const std::string noun = kTopics[d.topic].nouns[d.noun].en;
    for (std::size_t k = 0; k < lines; ++k) {
      out.push_back(noun + " " + kProductModels[rng_.index(std::size(kProductModels))]);
    }
    return out;
  }

  void write_report(const Deal& d, const std::string& ref, const std::string& corrects, int first,
                    int last, const std::vector<std::int64_t>& sales,
                    const std::vector<std::string>& products, std::int64_t sublicense) {
    const auto& territory = territory_of(d);
    // The body is the file `chizai report add` reads.
    Line l("report.add");
    l.str("ref", ref);
    JsonWriter& w = l.w();
    w.key("report").begin_object().field("agreement", d.id);
    w.field("period_start", date_text(first)).field("period_end", date_text(last)).key("lines").begin_array();
    for (std::size_t k = 0; k < sales.size(); ++k) {
      w.begin_object().field("territory", territory[k]).field("product", products[k]);
      w.field("net_sales", amount_text(sales[k], d.usd)).end_object();
    }
    w.end_array().field("sublicense_income", amount_text(sublicense, d.usd)).end_object();
    if (!corrects.empty()) l.str("corrects_ref", corrects);
    add(last, l);
    ++counts_.reports;
  }

  // A payment about a month after each invoice (most in full, some in part,
  // one too much), then payouts to universities after each close.
  void write_payments(std::vector<Deal>& deals) {
    std::vector<Receipt> receipts;
    for (std::size_t k = 0; k < deals.size(); ++k) {
      for (const Bill& b : deals[k].bills) {
        if (b.amount <= 0) continue;
        const int day = weekday_on_or_after(b.date + rng_.range(28, 38));
        if (day > kFy2025End) continue;
        Receipt r{day, k, b.amount, 0};
        if (rng_.permille(120)) {
          const std::int64_t part = b.amount * rng_.range(40, 90) / 100 / 1000 * 1000;
          if (part > 0) r.amount = part;
        }
        if (deals[k].usd) {
          r.rate_micro = 140000000 + static_cast<std::int64_t>(rng_.below(20000000));
          if (rng_.permille(400)) r.rate_micro = r.rate_micro / 10000 * 10000;
        }
        receipts.push_back(r);
      }
    }
    std::sort(receipts.begin(), receipts.end(), [&](const Receipt& x, const Receipt& y) {
      return x.date != y.date ? x.date < y.date : x.deal < y.deal;
    });
    if (!receipts.empty()) receipts[receipts.size() / 2].amount += deals[receipts[receipts.size() / 2].deal].usd ? 50000 : 100000;
    // What each university's payable receives at least, by the day: the
    // owner lines of patent-list licences (no cost recovery) on patents it
    // owns alone, each at least floor(2/3 × amount ÷ patents) − 1.
    std::vector<std::pair<int, std::pair<std::string, std::int64_t>>> credited;
    for (std::size_t i = 0; i < receipts.size(); ++i) {
      const Receipt& r = receipts[i];
      Deal& d = deals[r.deal];
      std::int64_t open = -d.applied;
      for (const Bill& b : d.bills) {
        if (b.date <= r.date) open += b.amount;
      }
      const std::int64_t applied = std::max<std::int64_t>(0, std::min(open, r.amount));
      d.applied += applied;
      std::string ref = "PAY-2025-";
      append_uint(ref, static_cast<std::uint64_t>(i + 1), 4);
      Line l("payment.record");
      l.str("agreement", d.id).date("received_on", r.date).str("amount", amount_text(r.amount, d.usd));
      l.str("currency", d.usd ? "USD" : "JPY");
      if (d.usd) l.str("fx_rate", rate_text(r.rate_micro));
      l.str("reference", ref);
      add(r.date, l);
      ++counts_.payments;
      if (d.package != kNoPackage || applied == 0) continue;
      // What the payment books in yen, as the payment service books it.
      const std::int64_t jpy =
          d.usd ? to_jpy_minor(Money(applied, currency_of(true)), rate_text(r.rate_micro)).value() : applied;
      const auto k = static_cast<std::int64_t>(d.listed.size());
      for (std::size_t c : d.listed) {
        const Candidate& cand = chosen_[c];
        if (cand.owners.size() != 1 || cand.owners[0].rfind("U-", 0) != 0) continue;
        const std::int64_t least = jpy * 2 / (3 * k) - 1;
        if (least > 0) credited.push_back({r.date, {cand.owners[0], least}});
      }
    }
    write_payouts(credited);
  }

  // After the close of each month from May to February, up to three
  // universities are paid at most 40% of what they are sure to have received.
  void write_payouts(const std::vector<std::pair<int, std::pair<std::string, std::int64_t>>>& credited) {
    std::map<std::string, std::int64_t> paid;
    for (int m = 1; m + 1 < kLicenceMonths; ++m) {
      const int month_end = add_months(kFy2025Start, m + 1) - 1;
      std::map<std::string, std::int64_t> received;
      for (const auto& [day, credit] : credited) {
        if (day <= month_end) received[credit.first] += credit.second;
      }
      std::vector<std::pair<std::int64_t, std::string>> due;  // available, code
      for (const auto& [code, amount] : received) {
        const std::int64_t available = (amount * 2 / 5 - paid[code]) / 10000 * 10000;
        if (available >= 100000) due.emplace_back(available, code);
      }
      std::sort(due.begin(), due.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first > y.first : x.second < y.second;
      });
      if (due.size() > 3) due.resize(3);
      const int day = weekday_on_or_after(month_end + 1 + rng_.range(9, 15));
      for (std::size_t k = 0; k < due.size(); ++k) {
        const std::int64_t amount = std::max<std::int64_t>(10000, due[k].first * rng_.range(50, 100) / 100 / 10000 * 10000);
        paid[due[k].second] += amount;
        std::string ref = "PO-" + month_text(day) + "-";
        append_uint(ref, static_cast<std::uint64_t>(k + 1), 2);
        Line l("payout.record");
        l.str("institution", due[k].second).date("paid_on", day).str("amount", amount_text(amount, false));
        l.str("reference", ref);
        add(day, l);
        ++counts_.payouts;
      }
    }
  }

  Rng rng_;
  Subclasses subclasses_;
  std::uint64_t seq_ = 0;
  std::vector<std::size_t> family_subclasses_;
  std::vector<std::string> family_owners_;
  std::vector<Candidate> chosen_;
  std::uint64_t chosen_seen_ = 0;
  std::vector<Candidate> spares_;
  std::uint64_t spares_seen_ = 0;
  std::vector<std::vector<SchemePatent>> pool_;
  std::vector<std::uint64_t> pool_seen_;

  std::vector<int> agg_dates_;                   // parallel to chosen_
  std::vector<std::string> aggregated_numbers_;  // sorted
  std::vector<Package> packages_;
  std::vector<Op> ops_;
  std::uint64_t next_op_ = 0;
  std::set<std::string> licensing_consented_;  // peripherals given licensing consents
  SchemeCounts counts_;
};


// ---------------------------------------------------------------------------
// Matching: company profiles and matching events (issue 5).

const char* region_of(std::string_view country) {
  if (country == "JP") return "japan";
  if (country == "US") return "north_america";
  if (country == "DE") return "europe";
  if (country == "CN") return "china";
  return "asia_other";
}

const char* industry_of(TitleClass c) {
  switch (c) {
    case TitleClass::kMaterial: return "materials and energy";
    case TitleClass::kDevice: return "devices and information";
    case TitleClass::kBio: return "life sciences";
  }
  return "other";
}

// "H01M 10/052" at a level: 0 subclass "H01M", 1 main group "H01M 10/00",
// 2 the symbol itself (canonical, so equal interests compare equal).
std::string interest_at(std::string_view symbol, int level) {
  if (level == 0) return std::string(symbol.substr(0, 4));
  if (level == 1) return std::string(symbol.substr(0, symbol.find('/'))) + "/00";
  return std::string(symbol);
}

// Writes companies.jsonl; returns the companies written (codes).
std::vector<std::string> write_company_profiles(const std::string& path, const std::vector<Company>& known,
                                                std::int64_t count, std::uint64_t seed) {
  std::uint64_t x = seed ^ 0x4D41544348ULL;  // "MATCH": a stream apart from the others
  Rng rng(splitmix64(x));
  OutFile out(path);
  std::vector<std::string> codes;
  std::size_t jp = 0, foreign = 0;
  static constexpr const char* kSizes[] = {"startup", "sme", "large"};
  for (std::int64_t i = 0; i < count; ++i) {
    Company co;
    if (static_cast<std::size_t>(i) < known.size()) {
      co = known[static_cast<std::size_t>(i)];
    } else {
      co.code = coded("C-", static_cast<std::size_t>(i + 1), 4);
      if (rng.permille(700)) {
        const auto [p, b] = name_pair(kJpPrefixes, kJpBusinesses, jp++, 97);
        co.name_en = std::string(p->en) + " " + b->en + " " + std::to_string(i + 1) + " K.K.";
        co.name_ja = std::string(p->ja) + b->ja + "第" + std::to_string(i + 1) + "株式会社";
        co.country = "JP";
      } else {
        const std::size_t k = foreign++;
        switch (k % 4) {
          case 0: {
            const auto [p, b] = name_pair(kUsPrefixes, kUsBusinesses, k, 3);
            co.name_en = std::string(p->en) + " " + b->en + " " + std::to_string(i + 1) + " Inc.";
            co.name_ja = std::string(p->ja) + "・" + b->ja;
            co.country = "US";
            break;
          }
          case 1: {
            const auto [p, b] = name_pair(kDePrefixes, kDeBusinesses, k, 7);
            co.name_en = std::string(p->en) + " " + b->en + " " + std::to_string(i + 1) + " GmbH";
            co.name_ja = std::string(p->ja) + "・" + b->ja;
            co.country = "DE";
            break;
          }
          case 2: {
            const auto [p, b] = name_pair(kCnPrefixes, kCnBusinesses, k, 7);
            co.name_en = std::string(p->en) + " " + b->en + " " + std::to_string(i + 1) + " Co., Ltd.";
            co.name_ja = std::string(p->ja) + b->ja + "有限公司";
            co.country = "CN";
            break;
          }
          default: {
            const auto [p, b] = name_pair(kKrPrefixes, kKrBusinesses, k, 7);
            co.name_en = std::string(p->en) + " " + b->en + " " + std::to_string(i + 1) + " Co., Ltd.";
            co.name_ja = std::string(p->ja) + b->ja + "株式会社";
            co.country = "KR";
          }
        }
      }
    }
    // 1–3 topics; interests at a random level; keywords from the titles.
    const int topics = rng.range(1, 3);
    std::vector<std::size_t> chosen;
    while (chosen.size() < static_cast<std::size_t>(topics)) {
      const std::size_t t = rng.index(kTopicCount);
      if (std::find(chosen.begin(), chosen.end(), t) == chosen.end()) chosen.push_back(t);
    }
    std::vector<std::pair<std::string, bool>> interests;  // code, full weight
    std::string keywords;
    for (std::size_t t : chosen) {
      const Topic& topic = kTopics[t];
      const int n = rng.range(1, 2);
      for (int k = 0; k < n; ++k) {
        std::string code = interest_at(topic.ipc[rng.index(topic.ipc.size())], rng.range(0, 2));
        bool dup = false;
        for (const auto& in : interests) dup = dup || in.first == code;
        if (!dup) interests.emplace_back(std::move(code), k == 0);
      }
      const Noun& noun = topic.nouns[rng.index(topic.nouns.size())];
      if (!keywords.empty()) keywords += rng.permille(500) ? "、" : "; ";
      keywords += rng.permille(600) ? noun.ja : noun.en;
    }
    Record r;
    r.str("code", co.code).str("name_en", co.name_en).str("name_ja", co.name_ja).str("country", co.country);
    r.str("region", region_of(co.country)).str("size", kSizes[rng.index(3)]);
    r.str("industry", industry_of(kTopics[chosen[0]].cls));
    JsonWriter& w = r.w();
    w.key("interests").begin_array();
    for (const auto& [code, full] : interests) {
      w.begin_object().field("code", code).key("weight");
      (full ? w.value(1) : w.number("0.5")).end_object();
    }
    w.end_array();
    out.buf() += r.str("keywords", keywords).done();
    out.line_done();
    codes.push_back(co.code);
  }
  out.close();
  return codes;
}

// Writes events.jsonl; returns (events, attendances).
std::pair<std::int64_t, std::int64_t> write_events(const std::string& path, const std::vector<std::string>& companies,
                                                   std::int64_t packages, std::uint64_t seed) {
  std::uint64_t x = seed ^ 0x4556454E54ULL;  // "EVENT"
  Rng rng(splitmix64(x));
  OutFile out(path);
  std::int64_t events = 0, attendances = 0;
  if (packages > 0 && !companies.empty()) {
    const int first = day_of(2024, 10, 1);
    for (int e = 0; e < 12; ++e) {
      const bool fair = e % 3 == 2;
      const int day = first + e * 15 + rng.range(0, 10);
      Record r;
      r.str("code", coded("EV-", static_cast<std::size_t>(e + 1), 3));
      r.str("name", fair ? "大学見本市 University Technology Fair" : "新技術説明会 New Technology Briefing");
      r.str("kind", fair ? "fair" : "briefing").date("held_on", day);
      std::vector<std::int64_t> shown;
      const int n = static_cast<int>(std::min<std::int64_t>(packages, rng.range(3, 8)));
      while (shown.size() < static_cast<std::size_t>(n)) {
        const auto p = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(packages))) + 1;
        if (std::find(shown.begin(), shown.end(), p) == shown.end()) shown.push_back(p);
      }
      std::sort(shown.begin(), shown.end());
      r.list("packages", shown, [](std::int64_t p) { return coded("PKG-", static_cast<std::size_t>(p), 3); });
      std::vector<std::size_t> who;
      const std::size_t m = std::min<std::size_t>(companies.size(), static_cast<std::size_t>(rng.range(20, 60)));
      while (who.size() < m) {
        const std::size_t c = rng.index(companies.size());
        if (std::find(who.begin(), who.end(), c) == who.end()) who.push_back(c);
      }
      std::sort(who.begin(), who.end());
      r.list("companies", who, [&](std::size_t c) -> std::string_view { return companies[c]; });
      out.buf() += r.done();
      out.line_done();
      ++events;
      attendances += static_cast<std::int64_t>(who.size());
    }
  }
  out.close();
  return {events, attendances};
}

}  // namespace

DemoSummary write_demo_data(const DemoOptions& options) {
  if (options.patents < 0) throw std::invalid_argument("demo data: negative patent count");
  if (options.out_dir.empty()) throw std::invalid_argument("demo data: empty out_dir");

  const std::filesystem::path dir(options.out_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw std::runtime_error("demo data: cannot create " + dir.string() + ": " + ec.message());
  }

  DemoSummary summary;
  summary.institutions_file = (dir / "institutions.jsonl").string();
  summary.patents_file = (dir / "patents.jsonl").string();
  summary.scheme_file = (dir / "scheme.jsonl").string();

  const std::vector<Company> companies = make_companies();
  {
    OutFile out(summary.institutions_file);
    auto rows = [&](const auto& table, const char* kind) {
      for (const InstitutionRow& r : table) {
        write_institution(out, r.code, kind, r.name_en, r.name_ja, "JP");
        ++summary.institutions;
      }
    };
    write_institution(out, kAggregator.code, "aggregator", kAggregator.name_en, kAggregator.name_ja,
                      "JP");
    ++summary.institutions;
    rows(kUniversities, "university");
    rows(kTlos, "tlo");
    rows(kPublicLabs, "public_lab");
    for (const Company& c : companies) {
      write_institution(out, c.code, "company", c.name_en, c.name_ja, c.country);
      ++summary.institutions;
    }
    rows(kOthers, "other");
    out.close();
  }

  SchemeCollector scheme(options.seed);
  summary.patent_events_file = (dir / "patent_events.jsonl").string();
  {
    OutFile out(summary.patents_file);
    OutFile events(summary.patent_events_file);
    std::uint64_t x = options.seed ^ 0x5045564E54ULL;  // "PEVNT"
    Rng event_rng(splitmix64(x));
    Generator gen(options.seed, static_cast<std::uint64_t>(options.patents), companies);
    while (summary.patents < options.patents) {
      const Family& f = gen.next_family();
      std::size_t written = 0;
      for (; written < f.app_count && summary.patents < options.patents; ++written) {
        const App& a = f.apps[written];
        write_patent(out.buf(), f, a);
        out.line_done();
        summary.patent_events += write_app_events(events.buf(), f, a, event_rng);
        events.line_done();
        ++summary.patents;
        if (f.owner_count > 1) ++summary.co_owned;
        if (!a.priorities.empty()) ++summary.with_priority;
      }
      scheme.observe(f, written);
    }
    out.close();
    events.close();
  }

  const SchemeCounts counts = scheme.write(summary.scheme_file, companies);
  summary.scheme_operations = counts.operations;
  summary.aggregated = counts.aggregated;
  summary.packages = counts.packages;
  summary.projects = counts.projects;
  summary.agreements = counts.agreements;
  summary.reports = counts.reports;
  summary.milestones = counts.milestones;
  summary.payments = counts.payments;
  summary.payouts = counts.payouts;
  summary.closes = counts.closes;

  summary.companies_file = (dir / "companies.jsonl").string();
  summary.events_file = (dir / "events.jsonl").string();
  const std::int64_t company_count = std::max<std::int64_t>(options.companies, kCompanies);
  const auto codes = write_company_profiles(summary.companies_file, companies, company_count, options.seed);
  summary.companies = static_cast<std::int64_t>(codes.size());
  const auto [events, attendances] = write_events(summary.events_file, codes, counts.packages, options.seed);
  summary.events = events;
  summary.attendances = attendances;
  return summary;
}

}  // namespace chizai
