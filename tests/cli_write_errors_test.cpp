// A trace that cannot be written (issue 13): a target that could never be
// written is refused before the run with exit 2, naming why; a write that
// fails at the end of a run (a full disk) keeps the verdict row, names the
// errno, and the other variants still run.
#include <gtest/gtest.h>

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "support/cli_kit.hpp"

namespace mmcheck::testing {
namespace {

using nlohmann::json;

TEST(CliWriteErrors, AFolderOnTheWayThatIsAFileIsNamed) {
  CliSandbox box;
  for (const std::string target : {"/etc/passwd/t.json", "plain/t.json"}) {
    write_text(box.file("plain"), "a file, not a folder\n");
    const CliResult r = box.run("run lost_update --trace-out " + target);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
    const std::string folder = target.substr(0, target.rfind('/'));
    EXPECT_NE(r.err.find("--trace-out " + target + " cannot be written: " + folder +
                         " is not a directory"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST(CliWriteErrors, ADirectoryTargetIsNamed) {
  CliSandbox box;
  std::filesystem::create_directory(box.work() / "adir");
  const CliResult r = box.run("run lost_update --trace-out adir");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--trace-out adir cannot be written: it is a directory"),
            std::string::npos)
      << r.err;
}

// A small tmpfs mounted for the test, unmounted after it.
class SmallTmpfs {
 public:
  explicit SmallTmpfs(const std::filesystem::path& where) : where_(where) {
    std::filesystem::create_directory(where_);
    if (::mount("tmpfs", where_.c_str(), "tmpfs", 0, "size=256k") == 0) {
      mounted_ = true;
    } else {
      why_not_ = std::strerror(errno);
    }
  }
  ~SmallTmpfs() {
    if (mounted_) ::umount(where_.c_str());
  }
  bool mounted() const { return mounted_; }
  const std::string& why_not() const { return why_not_; }

  // Fills it up, so that the next write of a trace fails with ENOSPC.
  void fill() const {
    std::ofstream out(where_ / "filler", std::ios::binary);
    const std::string block(4096, 'x');
    for (int i = 0; i < 1024 && out; ++i) out.write(block.data(), block.size()), out.flush();
  }

 private:
  std::filesystem::path where_;
  bool mounted_ = false;
  std::string why_not_;
};

TEST(CliWriteErrors, AFullDiskKeepsTheVerdictNamesTheErrnoAndRunsTheOtherVariants) {
  CliSandbox box;
  SmallTmpfs disk(box.work() / "disk");
  if (!disk.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.why_not()
                 << "; needs root with CAP_SYS_ADMIN), so no full disk to write to";
  disk.fill();
  const CliResult r = box.run("run fault_truncate_reserve --trace-out disk/t.json --json");
  EXPECT_EQ(r.exit_code, 1) << "the violation is still the result: " << r.err;
  // before (v5.6) and v6.1 (FINDINGS.md 8) violate; patch1 and after verify.
  ASSERT_EQ(r.err_lines().size(), 2u) << r.err;
  const auto lines = r.out_lines();
  ASSERT_EQ(lines.size(), 4u) << "one line per variant: " << r.out;
  for (const std::string& line : lines) {
    const json v = json::parse(line);
    const std::string variant = v["variant"];
    if (variant == "before" || variant == "v6.1") {
      const std::string sentence =
          "cannot write trace file disk/t." + variant + ".json: no space left on device";
      EXPECT_NE(r.err.find(sentence), std::string::npos) << r.err;
      EXPECT_EQ(v["verdict"], "violation") << line;
      EXPECT_EQ(v["trace"], nullptr) << line;
      EXPECT_NE(v["trace_error"].get<std::string>().find(sentence), std::string::npos) << line;
    } else {
      EXPECT_EQ(v["verdict"], "verified") << line;
    }
  }
  EXPECT_EQ(box.files(), std::set<std::string>{"disk/filler"}) << "no partial file";
}

TEST(CliWriteErrors, AFullDiskIsNamedInTheTableToo) {
  CliSandbox box;
  SmallTmpfs disk(box.work() / "disk");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.why_not() << ")";
  disk.fill();
  const CliResult r = box.run("run lost_update --trace-out disk/t.json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("violation"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("trace: not written: cannot write trace file disk/t.json: no space left "
                       "on device"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace mmcheck::testing
