// `data_race`: two accesses to the same Plain variable, one a write, not
// ordered by happens-before. Locks, atomics (Shared), spawn and join order
// accesses; Shared variables never race.
#include <gtest/gtest.h>

#include "support/scenario_kit.hpp"

namespace mmcheck::testing {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

struct Data {
  Plain<int> data{"data", 0};
  Shared<bool> ready{"ready", false};
  Mutex m{"m"};
  RwSemaphore sem{"sem"};
};

TEST(DetectRace, AnUnorderedPlainWriteAndReadRace) {
  auto spec = test_scenario<Data>("race_rw", [](Data& s) {
    spawn("writer", [&s] { s.data.store(42); });
    spawn("reader", [&s] { (void)s.data.load(); });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::data_race);
  const std::string& m = r.violation->message;
  EXPECT_TRUE(contains(m, "data race on data: load by reader at step 1")) << m;
  EXPECT_TRUE(contains(m, "store by writer at step 0")) << m;
  EXPECT_EQ(r.violation->thread, 1);
  EXPECT_EQ(r.violation->step, 1);
}

TEST(DetectRace, TwoUnorderedPlainWritesRace) {
  auto spec = test_scenario<Data>("race_ww", [](Data& s) {
    spawn("w0", [&s] { s.data.store(1); });
    spawn("w1", [&s] { s.data.store(2); });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::data_race);
  EXPECT_TRUE(contains(r.violation->message, "store by w1 at step 1 "));
  EXPECT_TRUE(contains(r.violation->message, "store by w0 at step 0 "));
}

TEST(DetectRace, AReadThenAnUnorderedWriteRace) {
  auto spec = test_scenario<Data>("race_wr", [](Data& s) {
    spawn("reader", [&s] { (void)s.data.load(); });
    spawn("writer", [&s] { s.data.store(1); });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::data_race);
  EXPECT_TRUE(contains(r.violation->message, "store by writer at step 1"));
  EXPECT_TRUE(contains(r.violation->message, "load by reader at step 0"));
}

TEST(DetectRace, TwoPlainReadsDoNotRace) {
  auto spec = test_scenario<Data>("reads_only", [](Data& s) {
    spawn("r0", [&s] { (void)s.data.load(); });
    spawn("r1", [&s] { (void)s.data.load(); });
  });
  const ExploreResult r = explore_dfs(spec);
  EXPECT_FALSE(r.violation);
  EXPECT_TRUE(r.complete);
}

TEST(DetectRace, TheSameAccessesUnderAMutexDoNotRace) {
  auto spec = test_scenario<Data>("race_locked", [](Data& s) {
    spawn("writer", [&s] {
      Guard g(s.m);
      s.data.store(42);
    });
    spawn("reader", [&s] {
      Guard g(s.m);
      (void)s.data.load();
    });
  });
  const ExploreResult r = explore_dfs(spec);
  EXPECT_FALSE(r.violation) << r.violation->message;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.executions, 2);
}

TEST(DetectRace, AccessesOrderedByASharedFlagAndAwaitDoNotRace) {
  auto spec = test_scenario<Data>("race_await", [](Data& s) {
    spawn("writer", [&s] {
      s.data.store(42);
      s.ready.store(true);
    });
    spawn("reader", [&s] {
      await([&s] { return s.ready.load(); });
      check(s.data.load() == 42, "reader saw data before it was published");
    });
  });
  const ExploreResult r = explore_dfs(spec);
  EXPECT_FALSE(r.violation) << r.violation->message;
  EXPECT_TRUE(r.complete);
}

TEST(DetectRace, AnAwaitOnAFlagSetBeforeTheWriteDoesNotOrderTheWrite) {
  auto spec = test_scenario<Data>("race_await_early_flag", [](Data& s) {
    spawn("writer", [&s] {
      s.ready.store(true);
      s.data.store(42);
    });
    spawn("reader", [&s] {
      await([&s] { return s.ready.load(); });
      (void)s.data.load();
    });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::data_race);
}

TEST(DetectRace, AccessesOrderedByALoadOfASharedFlagDoNotRace) {
  auto spec = test_scenario<Data>("race_flag", [](Data& s) {
    spawn("writer", [&s] {
      s.data.store(42);
      s.ready.store(true);
    });
    spawn("reader", [&s] {
      if (s.ready.load()) check(s.data.load() == 42, "published data is missing");
    });
  });
  const ExploreResult r = explore_dfs(spec);
  EXPECT_FALSE(r.violation) << r.violation->message;
  EXPECT_TRUE(r.complete);
}

TEST(DetectRace, AWriteAfterPublishingIsNotOrderedWithTheReader) {
  auto spec = test_scenario<Data>("race_late_write", [](Data& s) {
    spawn("writer", [&s] {
      s.ready.store(true);
      s.data.store(42);  // after the flag: the reader may read concurrently
    });
    spawn("reader", [&s] {
      if (s.ready.load()) (void)s.data.load();
    });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::data_race);
}

TEST(DetectRace, ReadersAndAWriterUnderAnRwsemDoNotRace) {
  auto spec = test_scenario<Data>("race_rwsem", [](Data& s) {
    spawn("writer", [&s] {
      s.sem.down_write();
      s.data.store(1);
      s.sem.up_write();
    });
    spawn("r0", [&s] {
      s.sem.down_read();
      (void)s.data.load();
      s.sem.up_read();
    });
    spawn("r1", [&s] {
      s.sem.down_read();
      (void)s.data.load();
      s.sem.up_read();
    });
  });
  const ExploreResult r = explore_dfs(spec);
  EXPECT_FALSE(r.violation) << r.violation->message;
  EXPECT_TRUE(r.complete);
}

TEST(DetectRace, SpawnAndJoinOrderTheParentWithItsChild) {
  auto spec = test_scenario<Data>("race_spawn_join", [](Data& s) {
    spawn("parent", [&s] {
      s.data.store(1);  // before the spawn: the child sees it
      Thread child = spawn("child", [&s] { s.data.store(s.data.load() + 1); });
      join(child);
      check(s.data.load() == 2, "the child's store is missing after join");
    });
  });
  const ExploreResult r = explore_dfs(spec);
  EXPECT_FALSE(r.violation) << r.violation->message;
  EXPECT_TRUE(r.complete);
}

TEST(DetectRace, WithoutTheJoinTheParentRacesWithItsChild) {
  auto spec = test_scenario<Data>("race_no_join", [](Data& s) {
    spawn("parent", [&s] {
      spawn("child", [&s] { s.data.store(1); });
      (void)s.data.load();
    });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::data_race);
}

TEST(DetectRace, RaceDetectionCanBeSwitchedOff) {
  auto spec = test_scenario<Data>("race_off", [](Data& s) {
    spawn("writer", [&s] { s.data.store(42); });
    spawn("reader", [&s] { (void)s.data.load(); });
  });
  ExploreOptions options;
  options.detect_races = false;
  const ExploreResult r = explore_dfs(spec, options);
  EXPECT_FALSE(r.violation);
  EXPECT_EQ(r.executions, 2);
}

}  // namespace
}  // namespace mmcheck::testing
