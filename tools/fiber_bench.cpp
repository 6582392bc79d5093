// Measures the cost of one fiber switch (Boost.Context with mmcheck's pooled,
// guard-paged stacks): a fiber and the main context ping-pong N times.
// Usage: mmcheck-fiber-bench [ROUND_TRIPS]   (default 10,000,000)
#include <boost/context/fiber.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "checker/engine/stack_pool.hpp"

int main(int argc, char** argv) {
  namespace ctx = boost::context;
  const long trips = argc > 1 ? std::atol(argv[1]) : 10'000'000;
  mmcheck::StackPool pool;
  long counter = 0;
  ctx::fiber f(std::allocator_arg, mmcheck::PooledStack(pool),
               [&](ctx::fiber&& main) -> ctx::fiber {
                 for (;;) {
                   ++counter;
                   main = std::move(main).resume();
                   if (counter > trips) break;
                 }
                 return std::move(main);
               });
  const auto t0 = std::chrono::steady_clock::now();
  for (long i = 0; i <= trips && f; ++i) f = std::move(f).resume();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double switches = 2.0 * static_cast<double>(trips);
  std::printf("round trips: %ld\nswitches: %.0f\nelapsed: %.3f s\nns per switch: %.2f\n", trips,
              switches, s, s * 1e9 / switches);
  return 0;
}
