// Where the mmcheck tool's regress finds golden traces without --golden:
// traces/golden under the current directory (a checkout), else the
// install's share/mmcheck/traces/golden beside its bin/ (cmake --install).
// Nothing is fixed at build time, so a moved checkout or an installed tool
// finds its own; when neither exists regress warns that it replays none.
#include <unistd.h>

#include <filesystem>
#include <string>

#include "tools/commands.hpp"

namespace mmcheck {

const char* default_golden_dir() {
  static const std::string dir = [] {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path here = "traces/golden";
    if (fs::is_directory(here, ec)) return here.string();
    std::string exe(4096, '\0');
    const ssize_t n = readlink("/proc/self/exe", exe.data(), exe.size() - 1);
    if (n > 0) {
      exe.resize(static_cast<std::size_t>(n));
      const fs::path installed =
          fs::path(exe).parent_path().parent_path() / "share" / "mmcheck" / "traces" / "golden";
      if (fs::is_directory(installed, ec)) return installed.string();
    }
    return here.string();
  }();
  return dir.c_str();
}

}  // namespace mmcheck
