#include "dpor_random_program.hpp"

#include <array>
#include <random>

#include "checker/sync/api.hpp"

namespace mmcheck::testing {
namespace {

constexpr int kShared = 3;
constexpr int kRegs = 3;
constexpr int kMaxProgramThreads = 4;

class Generator {
 public:
  Generator(std::uint64_t seed, ProgramShape shape) : rng_(seed), shape_(shape) {}

  Program program() {
    Program p;
    const bool four = shape_ == ProgramShape::plain_memory ||
                      shape_ == ProgramShape::synchronisation;
    const int threads = four ? 4 : 2 + pick(3);
    // Visible steps in all, roughly: keeps dfs fast.
    budget_ = four ? 11 + pick(3) : 9 + pick(3);
    for (int t = 0; t < threads; ++t) {
      std::vector<Stmt> body;
      const int n = 1 + pick(3);
      for (int i = 0; i < n && budget_ > 0; ++i) body.push_back(stmt(0));
      p.threads.push_back(std::move(body));
    }
    return p;
  }

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }

  Stmt stmt(int depth) {
    Stmt s;
    int k = pick(depth > 0 ? 12 : 18);
    if (shape_ == ProgramShape::plain_memory) {
      static constexpr int kPlainKinds[] = {0, 1, 2, 3, 4, 13};  // see the switch
      k = kPlainKinds[pick(depth > 0 ? 5 : 6)];
    } else if (shape_ == ProgramShape::synchronisation) {
      static constexpr int kSyncKinds[] = {0, 2, 4, 5, 12, 14, 14, 14};  // 14: a block
      k = kSyncKinds[pick(depth > 0 ? 4 : 8)];
    } else if (shape_ == ProgramShape::awaits) {
      return await_stmt(depth);
    }
    s.var = pick(kShared);
    s.value = pick(3);
    s.reg = pick(kRegs);
    --budget_;
    switch (k) {
      case 0: case 1: s.kind = Stmt::load; break;
      case 2: case 3: s.kind = Stmt::store; break;
      case 4: s.kind = Stmt::add; break;
      case 5: s.kind = Stmt::cas; break;
      case 6: s.kind = Stmt::plain_load; break;
      case 7: s.kind = Stmt::plain_store; break;
      case 8: s.kind = Stmt::choose; break;
      case 9: s.kind = Stmt::check; s.value = 1 + pick(2); ++budget_; break;
      case 10: s.kind = Stmt::field_load; break;
      case 11: s.kind = Stmt::field_store; break;
      case 12: s.kind = Stmt::free_obj; if (pick(2) == 0) s.kind = Stmt::await; break;
      case 13: s.kind = Stmt::branch; ++budget_; break;
      default: {
        static constexpr Stmt::Kind blocks[] = {Stmt::lock_block, Stmt::trylock_block,
                                               Stmt::read_section, Stmt::write_section,
                                               Stmt::read_trylock_section};
        s.kind = blocks[pick(5)];
        s.var = pick(2);
        --budget_;
        break;
      }
    }
    if (s.kind == Stmt::branch) {
      s.body.push_back(stmt(depth + 1));
      s.else_body.push_back(stmt(depth + 1));
    } else if (s.kind >= Stmt::lock_block && s.kind <= Stmt::read_trylock_section) {
      const int n = 1 + pick(2);
      for (int i = 0; i < n; ++i) s.body.push_back(stmt(depth + 1));
    }
    return s;
  }

  // ProgramShape::awaits: on two of the shared variables, so that awaits
  // and stores meet often.
  Stmt await_stmt(int depth) {
    Stmt s;
    s.var = pick(2);
    s.value = pick(3);
    s.reg = pick(kRegs);
    --budget_;
    switch (pick(depth > 0 ? 8 : 10)) {
      case 0: case 1: case 2: s.kind = Stmt::store_const; break;
      case 3: s.kind = Stmt::load; break;
      case 4: s.kind = Stmt::add; break;
      case 5: s.kind = Stmt::await; s.value = 1; break;  // var >= 1
      case 6: s.kind = Stmt::await_eq; break;
      case 7: s.kind = Stmt::await_sum; s.value = 1 + pick(2); break;
      case 8: s.kind = Stmt::check; s.value = pick(3); ++budget_; break;
      default:
        s.kind = Stmt::branch;
        ++budget_;
        s.body.push_back(await_stmt(depth + 1));
        s.else_body.push_back(await_stmt(depth + 1));
        break;
    }
    return s;
  }

  std::mt19937_64 rng_;
  ProgramShape shape_;
  int budget_ = 0;
};

class ProgramInstance final : public ScenarioInstance {
 public:
  ProgramInstance(std::shared_ptr<const Program> p, std::shared_ptr<Outcomes> o)
      : program_(std::move(p)), outcomes_(std::move(o)) {}

  void start() override {
    for (std::size_t t = 0; t < program_->threads.size(); ++t)
      spawn("t" + std::to_string(t), [this, t] { run(program_->threads[t], regs_[t]); });
  }

  void finish() override {
    std::vector<long> state;
    for (const auto& s : shared_) state.push_back(s.peek());
    state.push_back(plain_.peek());
    state.push_back(field_.peek());
    state.push_back(obj_.live());
    for (const auto& r : regs_) state.insert(state.end(), r.begin(), r.end());
    outcomes_->finals.insert(state);
  }

 private:
  using Regs = std::array<int, kRegs>;

  void run(const std::vector<Stmt>& body, Regs& r) {
    for (const Stmt& s : body) exec(s, r);
  }

  void exec(const Stmt& s, Regs& r) {
    Shared<int>& v = shared_[s.var];
    switch (s.kind) {
      case Stmt::load: r[s.reg] = v.load(); break;
      case Stmt::store: v.store(s.value == 0 ? r[s.reg] + 1 : s.value); break;
      case Stmt::add: r[s.reg] = v.fetch_add(1); break;
      case Stmt::cas: {
        int expected = s.value;
        r[s.reg] = v.compare_exchange(expected, s.value + 1) ? 1 : 0;
        break;
      }
      case Stmt::plain_load: r[s.reg] = plain_.load(); break;
      case Stmt::plain_store: plain_.store(s.value); break;
      case Stmt::choose: r[s.reg] = mmcheck::choose(2); break;
      case Stmt::check: check(r[s.reg] != s.value, "register hit the bad value"); break;
      case Stmt::await: {
        const int want = s.value % 2;
        mmcheck::await([&v, want] { return v.load() >= want; });
        break;
      }
      case Stmt::store_const: v.store(s.value); break;
      case Stmt::await_eq: {
        const int want = s.value;
        mmcheck::await([&v, want] { return v.load() == want; });
        break;
      }
      case Stmt::await_sum: {
        const int want = s.value;
        mmcheck::await([this, want] { return shared_[0].load() + shared_[1].load() >= want; });
        break;
      }
      case Stmt::free_obj: obj_.free(); break;
      case Stmt::field_load: r[s.reg] = field_.load(); break;
      case Stmt::field_store: field_.store(s.value); break;
      case Stmt::branch: run(r[s.reg] == s.value ? s.body : s.else_body, r); break;
      case Stmt::lock_block:
        mutex_[s.var].lock();
        run(s.body, r);
        mutex_[s.var].unlock();
        break;
      case Stmt::trylock_block:
        if (mutex_[s.var].try_lock()) {
          run(s.body, r);
          mutex_[s.var].unlock();
        } else {
          r[s.reg] = -1;
        }
        break;
      case Stmt::read_section:
        sem_.down_read();
        run(s.body, r);
        sem_.up_read();
        break;
      case Stmt::write_section:
        sem_.down_write();
        run(s.body, r);
        sem_.up_write();
        break;
      case Stmt::read_trylock_section:
        if (sem_.down_read_trylock()) {
          run(s.body, r);
          sem_.up_read();
        } else {
          r[s.reg] = -1;
        }
        break;
    }
  }

  std::shared_ptr<const Program> program_;
  std::shared_ptr<Outcomes> outcomes_;
  std::array<Shared<int>, kShared> shared_{Shared<int>{"s0", 0}, Shared<int>{"s1", 0},
                                           Shared<int>{"s2", 0}};
  Plain<int> plain_{"p", 0};
  std::array<Mutex, 2> mutex_{Mutex{"m0"}, Mutex{"m1"}};
  RwSemaphore sem_{"sem"};
  Lifetime obj_{"obj"};
  Shared<int> field_{"obj.field", 0, &obj_};
  std::array<Regs, kMaxProgramThreads> regs_{};
};

void describe(const std::vector<Stmt>& body, int indent, std::string& out) {
  static const char* names[] = {"load", "store", "add", "cas", "plain_load", "plain_store",
                                "lock", "trylock", "read_section", "write_section",
                                "read_trylock", "if", "choose", "check", "await", "free",
                                "field_load", "field_store", "store_const", "await_eq",
                                "await_sum"};
  for (const Stmt& s : body) {
    out += std::string(indent, ' ') + names[s.kind] + " var=" + std::to_string(s.var) +
           " value=" + std::to_string(s.value) + " reg=" + std::to_string(s.reg) + "\n";
    describe(s.body, indent + 2, out);
    if (!s.else_body.empty()) {
      out += std::string(indent, ' ') + "else\n";
      describe(s.else_body, indent + 2, out);
    }
  }
}

}  // namespace

std::string Program::describe() const {
  std::string out;
  for (std::size_t t = 0; t < threads.size(); ++t) {
    out += "thread " + std::to_string(t) + ":\n";
    testing::describe(threads[t], 2, out);
  }
  return out;
}

Program random_program(std::uint64_t seed, ProgramShape shape) {
  return Generator(seed, shape).program();
}

ScenarioSpec program_scenario(std::shared_ptr<const Program> program,
                              std::shared_ptr<Outcomes> outcomes) {
  ScenarioSpec spec;
  spec.name = "random_program";
  spec.make = [program, outcomes](const ScenarioConfig&) -> std::unique_ptr<ScenarioInstance> {
    return std::make_unique<ProgramInstance>(program, outcomes);
  };
  return spec;
}

}  // namespace mmcheck::testing
