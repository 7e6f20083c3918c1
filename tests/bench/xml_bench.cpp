// The office XML benchmark's two halves (scripts/bench.sh xml):
//   xml_bench generate FILE N   writes N DOCDB exchange documents shaped
//                               like tests/data/office's DOCDB samples (one
//                               exch:exchange-documents file) and prints the
//                               institutions their applicants name as JSONL
//                               on stdout;
//   xml_bench parse FILE        the floor: pugixml parses the file and every
//                               element and attribute is visited, nothing else.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <pugixml.hpp>

namespace {

const char* const kApplicants[][2] = {
    {"UNIV DA BEIRA INTERIOR", "UNIVERSIDADE DA BEIRA INTERIOR"},
    {"YEDA RES &amp; DEV", "YEDA RESEARCH AND DEVELOPMENT CO. LTD."},
    {"UNIV TOKYO", "THE UNIVERSITY OF TOKYO"},
    {"BRISTOL MYERS SQUIBB CO", "BRISTOL-MYERS SQUIBB COMPANY"},
    {"SIEMENS AG", "SIEMENS AKTIENGESELLSCHAFT"},
};
const char* const kCodes[] = {"U-BEIRA", "C-YEDA", "U-TOKYO", "C-BMS", "C-SIEMENS"};
const char* const kCountries[] = {"PT", "IL", "JP", "US", "DE"};

void id(std::string& o, const char* tag, const char* cc, const std::string& num, const char* kind, const std::string& date) {
  o += std::string("<exch:") + tag + " data-format=\"docdb\"><document-id><country>" + cc + "</country><doc-number>" + num +
       "</doc-number><kind>" + kind + "</kind><date>" + date + "</date></document-id></exch:" + tag + ">\n";
}

int generate(const char* path, long n) {
  std::ofstream out(path, std::ios::binary);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<exch:exchange-documents xmlns:exch=\"http://www.epo.org/exchange\">\n";
  std::string o;
  for (long i = 0; i < n; ++i) {
    o.clear();
    const int a = static_cast<int>(i % 5);
    const int year = 2005 + static_cast<int>(i % 15);
    char serial[16];
    std::snprintf(serial, sizeof serial, "%06ld", i % 1000000);
    char yy[8], yy0[8];
    std::snprintf(yy, sizeof yy, "%02d", year % 100);
    std::snprintf(yy0, sizeof yy0, "%02d", (year - 1) % 100);
    const std::string num = std::string(yy) + serial, prio = std::string(yy0) + serial;  // EP: year + serial
    const std::string filed = std::to_string(year) + "0315", pub = std::to_string(year + 1) + "0917";
    o += "<exch:exchange-document country=\"EP\" doc-number=\"" + std::to_string(1000000 + i) + "\" kind=\"A1\" family-id=\"" +
         std::to_string(5000000 + i / 2) + "\" is-representative=\"YES\"><exch:bibliographic-data>\n";
    id(o, "publication-reference", "EP", std::to_string(1000000 + i), "A1", pub);
    o += "<exch:publication-reference data-format=\"epodoc\"><document-id lang=\"en\"><doc-number>EP" + std::to_string(1000000 + i) +
         "</doc-number></document-id></exch:publication-reference>\n";
    o += "<exch:classifications-ipcr><classification-ipcr sequence=\"1\"><text>A61K   8/04        20060101ALI20221215BHEP</text>"
         "</classification-ipcr><classification-ipcr sequence=\"2\"><text>A61K   9/107       20060101ALI20221215BHEP</text>"
         "</classification-ipcr></exch:classifications-ipcr>\n";
    o += "<exch:patent-classifications><patent-classification sequence=\"1\"><classification-scheme office=\"EP\" "
         "scheme=\"CPCI\"><date>20130101</date></classification-scheme><classification-symbol>A61K   9/1075      "
         "</classification-symbol><symbol-position>F</symbol-position></patent-classification></exch:patent-classifications>\n";
    id(o, "application-reference", "EP", num, "A", filed);
    o += "<exch:language-of-filing>en</exch:language-of-filing>\n<exch:priority-claims>\n";
    o += "<exch:priority-claim sequence=\"1\" data-format=\"docdb\"><document-id><country>EP</country><doc-number>" +
         prio + "</doc-number><kind>A</kind><date>" + std::to_string(year - 1) +
         "0320</date></document-id><exch:priority-active-indicator>" + (i % 7 == 0 ? "N" : "Y") +
         "</exch:priority-active-indicator></exch:priority-claim>\n";
    o += "<exch:priority-claim sequence=\"1\" data-format=\"epodoc\"><document-id><doc-number>EP" + std::to_string(year - 1) +
         serial + "</doc-number></document-id></exch:priority-claim>\n</exch:priority-claims>\n";
    o += std::string("<exch:parties><exch:applicants><exch:applicant sequence=\"1\" data-format=\"docdb\"><exch:applicant-name><name>") +
         kApplicants[a][0] + "</name></exch:applicant-name><residence><country>" + kCountries[a] +
         "</country></residence></exch:applicant><exch:applicant sequence=\"1\" data-format=\"docdba\"><exch:applicant-name><name>" +
         kApplicants[a][1] + "</name></exch:applicant-name></exch:applicant></exch:applicants>\n<exch:inventors>";
    for (int k = 1; k <= 3; ++k) {
      o += "<exch:inventor sequence=\"" + std::to_string(k) + "\" data-format=\"docdb\"><exch:inventor-name><name>INVENTOR " +
           std::to_string((i * 3 + k) % 50000) + "</name></exch:inventor-name></exch:inventor>";
    }
    o += "</exch:inventors></exch:parties>\n";
    o += "<exch:invention-title lang=\"en\" data-format=\"docdba\">SELF-EMULSIFYING COMPOSITION " + std::to_string(i) +
         "</exch:invention-title>\n<exch:invention-title lang=\"fr\" data-format=\"docdba\">COMPOSITION AUTO-ÉMULSIFIANTE " +
         std::to_string(i) + "</exch:invention-title>\n";
    o += "</exch:bibliographic-data></exch:exchange-document>\n";
    out << o;
  }
  out << "</exch:exchange-documents>\n";
  for (int a = 0; a < 5; ++a) {
    std::string name = kApplicants[a][1];
    std::cout << "{\"code\":\"" << kCodes[a] << "\",\"kind\":\"" << (kCodes[a][0] == 'U' ? "university" : "company")
              << "\",\"name_en\":\"" << name << "\",\"country\":\"" << kCountries[a] << "\"}\n";
  }
  return out ? 0 : 1;
}

long visit(const pugi::xml_node& n) {
  long count = 1;
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) count += a.value()[0] != 0;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) count += visit(c);
  return count;
}

int parse(const char* path) {
  const auto start = std::chrono::steady_clock::now();
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  pugi::xml_document doc;
  const auto r = doc.load_buffer_inplace(text.data(), text.size());
  if (!r) {
    std::fprintf(stderr, "%s: %s\n", path, r.description());
    return 1;
  }
  const long nodes = visit(doc);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("parse floor: %ld nodes and attributes in %.2f s\n", nodes, s);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "generate") return generate(argv[2], std::stol(argv[3]));
  if (argc == 3 && std::string(argv[1]) == "parse") return parse(argv[2]);
  std::fprintf(stderr, "usage: xml_bench generate FILE N | xml_bench parse FILE\n");
  return 64;
}
