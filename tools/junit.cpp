#include "tools/junit.hpp"

#include <cstdio>

namespace mmcheck {
namespace {

// In an attribute value a raw newline, return or tab is normalised to a
// space by every XML parser, so there they travel as character references.
std::string xml_escape(const std::string& s, bool attribute = false) {
  std::string out;
  for (const char c : s) {
    if (attribute && (c == '\n' || c == '\r' || c == '\t')) {
      out += "&#" + std::to_string(static_cast<int>(c)) + ";";
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 allows no control characters but tab, newline and return.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
    }
  }
  return out;
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

}  // namespace

std::string junit_xml(const std::string& suite, const std::vector<JunitCase>& cases) {
  int failures = 0;
  double total = 0;
  for (const JunitCase& c : cases) {
    failures += c.passed ? 0 : 1;
    total += c.time_s;
  }
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<testsuites tests=\"" + std::to_string(cases.size()) + "\" failures=\"" +
       std::to_string(failures) + "\" time=\"" + seconds(total) + "\">\n";
  x += "  <testsuite name=\"" + xml_escape(suite) + "\" tests=\"" + std::to_string(cases.size()) +
       "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\" time=\"" + seconds(total) +
       "\">\n";
  for (const JunitCase& c : cases) {
    x += "    <testcase classname=\"" + xml_escape(c.classname) + "\" name=\"" +
         xml_escape(c.name) + "\" time=\"" + seconds(c.time_s) + "\"";
    if (c.passed) {
      x += "/>\n";
      continue;
    }
    x += ">\n      <failure message=\"" + xml_escape(c.failure, true) + "\">" + xml_escape(c.failure) +
         "</failure>\n    </testcase>\n";
  }
  x += "  </testsuite>\n</testsuites>\n";
  return x;
}

}  // namespace mmcheck
