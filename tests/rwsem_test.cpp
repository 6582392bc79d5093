// RwSemaphore has the kernel's rw_semaphore semantics: readers share,
// writers exclude, requests that must wait queue FIFO, a reader arriving
// while anyone is queued queues too, and downgrade_write lets queued readers
// in. Hand-written schedules pin down single interleavings; dfs checks that
// a property holds in all of them.
#include <gtest/gtest.h>

#include "support/scenario_kit.hpp"

namespace mmcheck::testing {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// The one event a schedule step produced.
const Event& event(const ScheduledRun& run, std::size_t step) {
  static const Event none{};
  const auto& ev = run.record().events;
  EXPECT_LT(step, ev.size()) << "the schedule did not get to step " << step;
  return step < ev.size() ? ev[step] : none;
}

struct Sem {
  RwSemaphore sem{"sem"};
  Shared<bool> inside{"inside", false};
  Shared<int> writers_in{"writers_in", 0};
};

// Threads: r0 = 0, w = 1, r1 = 2. Each takes the semaphore and releases it.
ScenarioSpec reader_writer_reader() {
  return test_scenario<Sem>("r_w_r", [](Sem& s) {
    spawn("r0", [&s] {
      s.sem.down_read();
      s.sem.up_read();
    });
    spawn("w", [&s] {
      s.sem.down_write();
      s.sem.up_write();
    });
    spawn("r1", [&s] {
      s.sem.down_read();
      s.sem.up_read();
    });
  });
}

TEST(Rwsem, TwoReadersHoldItAtTheSameTime) {
  auto spec = test_scenario<Sem>("two_readers", [](Sem& s) {
    spawn("r0", [&s] { s.sem.down_read(); });
    spawn("r1", [&s] {
      s.sem.down_read();
      check(s.sem.readers() == (bit(0) | bit(1)), "both readers should hold sem");
    });
  });
  const ScheduledRun run = run_schedule(spec, {0, 1});
  EXPECT_EQ(run.failure, "");
  EXPECT_FALSE(run.result.violation) << run.result.violation->message;
  EXPECT_TRUE(event(run, 0).ok);
  EXPECT_TRUE(event(run, 1).ok);  // taken at once, not queued
}

TEST(Rwsem, TheRwsemReadersScenarioVerifiesAndReachesBothReadersInside) {
  const ScenarioSpec* spec = find_scenario("rwsem_readers");
  ASSERT_NE(spec, nullptr);
  const ExploreResult r = explore_dfs(*spec);
  EXPECT_FALSE(r.violation) << r.violation->message;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.coverage.at("both readers inside"), r.executions);
}

TEST(Rwsem, AWriterExcludesReadersInEveryInterleaving) {
  auto spec = test_scenario<Sem>("writer_excludes", [](Sem& s) {
    spawn("w", [&s] {
      s.sem.down_write();
      s.writers_in.store(1);
      s.writers_in.store(0);
      s.sem.up_write();
    });
    for (const char* name : {"r0", "r1"}) {
      spawn(name, [&s] {
        s.sem.down_read();
        check(s.writers_in.load() == 0, "a reader got in while the writer was inside");
        s.sem.up_read();
      });
    }
  });
  const ExploreResult r = explore_dfs(spec);
  EXPECT_FALSE(r.violation) << r.violation->message;
  EXPECT_TRUE(r.complete);
}

TEST(Rwsem, AReaderQueuesWhileAWriterHoldsItAndCannotWakeUntilUpWrite) {
  auto spec = test_scenario<Sem>("reader_waits", [](Sem& s) {
    spawn("w", [&s] {
      s.sem.down_write();
      s.sem.up_write();
    });
    spawn("r", [&s] {
      s.sem.down_read();
      s.sem.up_read();
    });
  });
  // w takes it; r's down_read queues (ok=false); r's wake-up is not enabled.
  const ScheduledRun blocked = run_schedule(spec, {0, 1, 1});
  EXPECT_TRUE(event(blocked, 0).ok);
  EXPECT_EQ(event(blocked, 1).kind, OpKind::down_read);
  EXPECT_FALSE(event(blocked, 1).ok);
  EXPECT_EQ(blocked.failed_step, 2);
  EXPECT_TRUE(contains(blocked.failure, "held for write by w since step 0")) << blocked.failure;
  // After up_write the queued reader is granted the lock and wakes.
  const ScheduledRun woken = run_schedule(spec, {0, 1, 0, 1, 1});
  EXPECT_EQ(woken.failure, "");
  EXPECT_EQ(event(woken, 3).kind, OpKind::rwsem_wake);
  EXPECT_EQ(event(woken, 3).thread, 1);
}

TEST(Rwsem, AWriterQueuesWhileAReaderHoldsIt) {
  auto spec = test_scenario<Sem>("writer_waits", [](Sem& s) {
    spawn("r", [&s] {
      s.sem.down_read();
      s.sem.up_read();
    });
    spawn("w", [&s] {
      s.sem.down_write();
      s.sem.up_write();
    });
  });
  const ScheduledRun run = run_schedule(spec, {0, 1, 1});
  EXPECT_FALSE(event(run, 1).ok);
  EXPECT_EQ(run.failed_step, 2);
  EXPECT_TRUE(contains(run.failure, "held for read by r since step 0")) << run.failure;
}

TEST(Rwsem, AReaderArrivingWhileAWriterIsQueuedQueuesBehindIt) {
  // r0 holds it for read; w queues; r1 could share with r0, but queues.
  const ScheduledRun run = run_schedule(reader_writer_reader(), {0, 1, 2, 2});
  EXPECT_TRUE(event(run, 0).ok);
  EXPECT_FALSE(event(run, 1).ok);
  EXPECT_EQ(event(run, 2).kind, OpKind::down_read);
  EXPECT_FALSE(event(run, 2).ok);
  EXPECT_EQ(run.failed_step, 3);
  EXPECT_TRUE(contains(run.failure, "queued: w (write) r1 (read)")) << run.failure;
}

TEST(Rwsem, TheQueueIsServedInOrderWriterFirst) {
  // r0 releases: the writer at the head gets it, r1 behind it must wait for
  // up_write.
  const ScheduledRun fifo = run_schedule(reader_writer_reader(), {0, 1, 2, 0, 1, 1, 2, 2});
  EXPECT_EQ(fifo.failure, "");
  EXPECT_FALSE(fifo.result.violation);
  ASSERT_EQ(fifo.record().events.size(), 8u);
  EXPECT_EQ(event(fifo, 4).kind, OpKind::rwsem_wake);
  EXPECT_EQ(event(fifo, 4).thread, 1);
  EXPECT_EQ(event(fifo, 6).kind, OpKind::rwsem_wake);
  EXPECT_EQ(event(fifo, 6).thread, 2);

  const ScheduledRun jump = run_schedule(reader_writer_reader(), {0, 1, 2, 0, 2});
  EXPECT_EQ(jump.failed_step, 4);
  EXPECT_TRUE(contains(jump.failure, "held for write by w")) << jump.failure;
}

TEST(Rwsem, TheRwsemWriterWaitsScenarioDeadlocksWithTheReaderQueuedBehindTheWriter) {
  const ScenarioSpec* spec = find_scenario("rwsem_writer_waits");
  ASSERT_NE(spec, nullptr);
  const ExploreResult r = explore_dfs(*spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::deadlock);
  const std::string& m = r.violation->message;
  EXPECT_TRUE(contains(m, "held for read by r0")) << m;
  EXPECT_TRUE(contains(m, "queued: w (write) r1 (read)")) << m;
}

struct TrySem {
  RwSemaphore sem{"sem"};
};

TEST(Rwsem, DownReadTrylockFailsWhenAWriterIsQueued) {
  auto spec = test_scenario<TrySem>("read_trylock", [](TrySem& s) {
    spawn("r", [&s] {
      s.sem.down_read();
      s.sem.up_read();
    });
    spawn("w", [&s] {
      s.sem.down_write();
      s.sem.up_write();
    });
    spawn("try", [&s] {
      if (s.sem.down_read_trylock()) s.sem.up_read();
    });
  });
  const ScheduledRun queued = run_schedule(spec, {0, 1, 2});
  EXPECT_EQ(event(queued, 2).kind, OpKind::down_read_trylock);
  EXPECT_FALSE(event(queued, 2).ok);
  // Control: with only a reader inside and nobody queued, it succeeds.
  const ScheduledRun shared = run_schedule(spec, {0, 2});
  EXPECT_EQ(event(shared, 1).kind, OpKind::down_read_trylock);
  EXPECT_TRUE(event(shared, 1).ok);
}

TEST(Rwsem, DownWriteTrylockFailsWhileAReaderHoldsIt) {
  auto spec = test_scenario<TrySem>("write_trylock", [](TrySem& s) {
    spawn("r", [&s] {
      s.sem.down_read();
      s.sem.up_read();
    });
    spawn("try", [&s] {
      if (s.sem.down_write_trylock()) s.sem.up_write();
    });
  });
  EXPECT_FALSE(event(run_schedule(spec, {0, 1}), 1).ok);
  EXPECT_TRUE(event(run_schedule(spec, {1}), 0).ok);
}

struct Downgrade {
  RwSemaphore sem{"sem"};
  Shared<bool> reader_inside{"reader_inside", false};
};

ScenarioSpec downgrade_scenario(bool downgrade) {
  return test_scenario<Downgrade>("downgrade", [downgrade](Downgrade& s) {
    spawn("w", [&s, downgrade] {
      s.sem.down_write();
      if (downgrade) s.sem.downgrade_write();
      await([&s] { return s.reader_inside.load(); });
      if (downgrade) {
        s.sem.up_read();
      } else {
        s.sem.up_write();
      }
    });
    spawn("r", [&s] {
      s.sem.down_read();
      check(s.sem.writer() == kNoThread, "a reader is inside with a writer");
      s.reader_inside.store(true);
      s.sem.up_read();
    });
  });
}

TEST(Rwsem, DowngradeWriteLetsAQueuedReaderIn) {
  // w takes it for write, r queues, w downgrades: r is granted at once and
  // wakes while w still holds it for read.
  const ScheduledRun run = run_schedule(downgrade_scenario(true), {0, 1, 0, 1, 1, 1, 0, 0});
  EXPECT_EQ(run.failure, "");
  EXPECT_FALSE(run.result.violation) << run.result.violation->message;
  EXPECT_FALSE(event(run, 1).ok);
  EXPECT_EQ(event(run, 2).kind, OpKind::downgrade_write);
  EXPECT_EQ(event(run, 3).kind, OpKind::rwsem_wake);
  EXPECT_EQ(event(run, 3).thread, 1);
}

TEST(Rwsem, WaitingForAReaderWhileHoldingItForWriteDeadlocksButAfterADowngradeDoesNot) {
  const ExploreResult without = explore_dfs(downgrade_scenario(false));
  ASSERT_TRUE(without.violation);
  EXPECT_EQ(without.violation->kind, ViolationKind::deadlock);
  const ExploreResult with = explore_dfs(downgrade_scenario(true));
  EXPECT_FALSE(with.violation) << with.violation->message;
  EXPECT_TRUE(with.complete);
}

TEST(Rwsem, UpReadByAThreadThatDoesNotHoldItIsAnAssertion) {
  auto spec = test_scenario<TrySem>("bad_up_read", [](TrySem& s) {
    spawn("holder", [&s] { s.sem.down_read(); });
    spawn("stranger", [&s] { s.sem.up_read(); });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::assertion);
  EXPECT_EQ(r.violation->message,
            "stranger called up_read on sem without holding it for read");
  EXPECT_EQ(r.violation->thread, 1);
}

TEST(Rwsem, UpWriteByAReaderIsAnAssertion) {
  auto spec = test_scenario<TrySem>("bad_up_write", [](TrySem& s) {
    spawn("reader", [&s] {
      s.sem.down_read();
      s.sem.up_write();
    });
  });
  const ExploreResult r = explore_dfs(spec);
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->kind, ViolationKind::assertion);
  EXPECT_EQ(r.violation->message, "reader called up_write on sem without holding it for write");
}

}  // namespace
}  // namespace mmcheck::testing
