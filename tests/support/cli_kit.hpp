// Runs the built mmcheck binary (MMCHECK_BIN) in a fresh directory and
// captures its exit code, stdout and stderr.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace mmcheck::testing {

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;

  std::vector<std::string> lines(const std::string& text) const {
    std::vector<std::string> v;
    std::size_t start = 0;
    while (start < text.size()) {
      const auto nl = text.find('\n', start);
      const auto end = nl == std::string::npos ? text.size() : nl;
      v.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return v;
  }
  std::vector<std::string> out_lines() const { return lines(out); }
  std::vector<std::string> err_lines() const { return lines(err); }
};

// A scratch directory for one test: mmcheck runs in work(), its output is
// captured beside it, so work() holds only what mmcheck wrote.
class CliSandbox {
 public:
  CliSandbox() { std::filesystem::create_directory(work()); }

  std::filesystem::path work() const { return dir_.path() / "work"; }
  std::string file(const std::string& name) const { return (work() / name).string(); }
  std::set<std::string> files() const { return files_under(work()); }

  // `args` is passed to the shell as is: quote what needs quoting.
  CliResult run(const std::string& args) const {
    const std::string out = dir_.file("stdout");
    const std::string err = dir_.file("stderr");
    const std::string cmd = "cd " + shell_quote(work().string()) + " && " +
                            shell_quote(MMCHECK_BIN) + " " + args + " >" + shell_quote(out) +
                            " 2>" + shell_quote(err) + " </dev/null";
    const int status = std::system(cmd.c_str());
    CliResult r;
    if (WIFEXITED(status)) {
      r.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      r.exit_code = 128 + WTERMSIG(status);
    }
    r.out = read_text(out);
    r.err = read_text(err);
    return r;
  }

 private:
  TempDir dir_;
};

// The one --json line of a run of one variant.
inline nlohmann::json json_line(const CliResult& r) {
  const auto lines = r.out_lines();
  if (lines.size() != 1) return nlohmann::json{{"error", "expected one line"}, {"got", r.out}};
  return nlohmann::json::parse(lines[0], nullptr, /*allow_exceptions=*/false);
}

// Validates trace files against traces/schema.json with python3-jsonschema
// (the system python, for which tools/setup.sh installs it), in one python
// run. Returns the validator's complaints, or "" when every trace is valid.
inline std::string schema_errors(const std::vector<std::string>& trace_paths) {
  TempDir dir;
  const std::string out = dir.file("out");
  std::string cmd =
      "/usr/bin/python3 -c '\n"
      "import jsonschema, json, sys\n"
      "v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))\n"
      "bad = 0\n"
      "for path in sys.argv[2:]:\n"
      "    for e in v.iter_errors(json.load(open(path))):\n"
      "        bad += 1\n"
      "        print(path + \": \" + e.message + \" at \" + e.json_path)\n"
      "sys.exit(1 if bad else 0)\n"
      "' " +
      shell_quote(MMCHECK_SCHEMA);
  for (const std::string& p : trace_paths) cmd += " " + shell_quote(p);
  cmd += " >" + shell_quote(out) + " 2>&1";
  const int status = std::system(cmd.c_str());
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  const std::string text = read_text(out);
  return text.empty() ? "python3 failed with status " + std::to_string(status) : text;
}

}  // namespace mmcheck::testing
