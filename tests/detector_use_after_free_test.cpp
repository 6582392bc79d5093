// `use_after_free`: an access to a tracked object, or to a field that lives
// in one (constructed with an owner), after the object was freed.
#include <gtest/gtest.h>

#include "support/scenario_kit.hpp"

namespace mmcheck::testing {
namespace {

struct Object {
  Lifetime obj{"obj"};
  Shared<int> field{"obj.field", 7, &obj};
  Mutex lock{"obj.lock", &obj};
  Shared<int> outside{"outside", 0};
};

TEST(DetectUseAfterFree, LoadingAFieldOfAFreedObjectIsUseAfterFree) {
  auto spec = test_scenario<Object>("uaf_field", [](Object& s) {
    spawn("freer", [&s] { s.obj.free(); });
    spawn("reader", [&s] { (void)s.field.load(); });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::use_after_free);
  EXPECT_EQ(r.violation->message,
            "load of obj.field by reader, which lives in obj, freed by freer at step 0");
  EXPECT_EQ(r.violation->thread, 1);
  EXPECT_EQ(r.violation->step, 1);
  EXPECT_EQ(r.executions, 1);  // dfs runs freer first
}

TEST(DetectUseAfterFree, UsingTheObjectItselfAfterItsFreeIsUseAfterFree) {
  auto spec = test_scenario<Object>("uaf_use", [](Object& s) {
    spawn("t", [&s] {
      s.obj.free();
      s.obj.use();
    });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::use_after_free);
  EXPECT_EQ(r.violation->message, "use of obj by t, freed by t at step 0");
}

TEST(DetectUseAfterFree, LockingAMutexInAFreedObjectIsUseAfterFree) {
  auto spec = test_scenario<Object>("uaf_lock", [](Object& s) {
    spawn("t", [&s] {
      s.obj.free();
      s.lock.lock();
    });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::use_after_free);
  EXPECT_EQ(r.violation->message, "lock of obj.lock by t, which lives in obj, freed by t at step 0");
}

TEST(DetectUseAfterFree, FreeingTwiceIsUseAfterFree) {
  auto spec = test_scenario<Object>("double_free", [](Object& s) {
    spawn("a", [&s] { s.obj.free(); });
    spawn("b", [&s] { s.obj.free(); });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::use_after_free);
  EXPECT_EQ(r.violation->message, "double free of obj (freed by a at step 0)");
}

TEST(DetectUseAfterFree, UsesOrderedBeforeTheFreeAreFine) {
  auto spec = test_scenario<Object>("use_then_free", [](Object& s) {
    spawn("t", [&s] {
      s.field.store(s.field.load() + 1);
      s.obj.use();
      s.obj.free();
      s.outside.store(1);  // not in obj: still fine
    });
  });
  const ExploreResult r = explore_dfs(spec);
  EXPECT_FALSE(r.violation) << r.violation->message;
  EXPECT_TRUE(r.complete);
}

TEST(DetectUseAfterFree, AReaderRacingWithTheFreeIsCaughtInSomeInterleaving) {
  // The reader runs first in dfs's first execution (it is spawned first), so
  // only a later interleaving shows the use after free.
  auto spec = test_scenario<Object>("uaf_later", [](Object& s) {
    spawn("reader", [&s] { (void)s.field.load(); });
    spawn("freer", [&s] { s.obj.free(); });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::use_after_free);
  EXPECT_EQ(r.executions, 2);
  EXPECT_EQ(r.violation->message,
            "load of obj.field by reader, which lives in obj, freed by freer at step 0");
}

}  // namespace
}  // namespace mmcheck::testing
