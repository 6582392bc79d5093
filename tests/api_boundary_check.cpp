// Compiled alone (-fsyntax-only) by CTest: model and scenario code see the
// public API and not the engine. If checker/sync/api.hpp reached the runtime,
// the class below would be a redefinition and this would not compile.
#include "checker/sync/api.hpp"
#include "mmcheck/kernel.h"
#include "mmcheck/std_like.hpp"

namespace mmcheck {
class Runtime {
  int defined_only_here = 0;
};
}  // namespace mmcheck
