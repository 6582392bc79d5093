// The mmcheck tool's regress replays the golden traces of this source tree.
#include "tools/commands.hpp"

namespace mmcheck {

const char* default_golden_dir() { return MMCHECK_SOURCE_DIR "/traces/golden"; }

}  // namespace mmcheck
