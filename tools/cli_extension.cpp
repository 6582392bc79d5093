#include "tools/cli_extension.hpp"

namespace mmcheck {
namespace {

std::vector<CliExtension>& registry() {
  static std::vector<CliExtension> extensions;
  return extensions;
}

}  // namespace

bool register_cli_extension(CliExtension extension) {
  registry().push_back(std::move(extension));
  return true;
}

const std::vector<CliExtension>& cli_extensions() { return registry(); }

}  // namespace mmcheck
