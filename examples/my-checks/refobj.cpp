// A cache holding one refcounted object. Lookups take the cache's lock, then
// the object's, to take a reference; the last put unhashes the object under
// the cache's lock. Lock order: c->lock, then c->obj.lock.
#include <mmcheck/api.hpp>
#include <mmcheck/kernel.h>

struct cache;

struct object {
  spinlock_t lock;  // protects users
  struct kref ref;
  mmcheck::Plain<int> users{"obj.users", 1};  // the cache counts as one
  mmcheck::Plain<int> hashed{"obj.hashed", 1};  // protected by cache->lock
  struct cache* cache;
};

struct cache {
  spinlock_t lock;  // protects obj.hashed
  struct object obj;
};

static void cache_init(struct cache* c) {
  spin_lock_init(&c->lock);
  spin_lock_init(&c->obj.lock);
  kref_init(&c->obj.ref);  // the cache's own reference
  c->obj.cache = c;
}

static struct object* object_lookup(struct cache* c) {
  struct object* obj = nullptr;
  spin_lock(&c->lock);
  if (c->obj.hashed.load()) {
    obj = &c->obj;
    spin_lock(&obj->lock);
    kref_get(&obj->ref);
    obj->users.store(obj->users.load() + 1);
    spin_unlock(&obj->lock);
  }
  spin_unlock(&c->lock);
  return obj;
}

// kref_put_lock's release: called with cache->lock held, drops it.
static void object_release_locked(struct kref* ref) {
  struct object* obj = container_of(ref, struct object, ref);
  obj->hashed.store(0);
  spin_unlock(&obj->cache->lock);
  mmcheck::cover("the last put unhashed the object");
}

static void object_release(struct kref* ref) {
  struct object* obj = container_of(ref, struct object, ref);
  spin_lock(&obj->cache->lock);
  object_release_locked(ref);
}

// buggy: drops the reference under obj->lock, and the release takes
// cache->lock inside it: the opposite of object_lookup's order.
static void object_put_buggy(struct object* obj) {
  spin_lock(&obj->lock);
  obj->users.store(obj->users.load() - 1);
  kref_put(&obj->ref, object_release);
  spin_unlock(&obj->lock);
}

// fixed: obj->lock only around users; the last reference is dropped with
// cache->lock taken by kref_put_lock, so a lookup never sees it hashed at 0.
static void object_put_fixed(struct object* obj) {
  spin_lock(&obj->lock);
  obj->users.store(obj->users.load() - 1);
  spin_unlock(&obj->lock);
  kref_put_lock(&obj->ref, object_release_locked, &obj->cache->lock);
}

class RefObj : public mmcheck::ScenarioInstance {
 public:
  explicit RefObj(const mmcheck::ScenarioConfig& config) : fixed_(config.variant == "fixed") {
    cache_init(&c_);
  }
  void start() override {
    // The cache drops its own reference while a reader looks the object up.
    mmcheck::spawn("owner", [this] { put(&c_.obj); });
    mmcheck::spawn("reader", [this] {
      if (struct object* obj = object_lookup(&c_)) put(obj);
    });
  }
  void finish() override {
    mmcheck::check(c_.obj.hashed.peek() == 0, "the object is still hashed with no reference");
  }

 private:
  void put(struct object* obj) { fixed_ ? object_put_fixed(obj) : object_put_buggy(obj); }
  bool fixed_;
  struct cache c_;
};

const bool registered = mmcheck::register_scenario(mmcheck::ScenarioSpec{
    .name = "refobj",
    .summary = "a refcounted object in a locked cache: lookup against the last put",
    .variants = {"buggy", "fixed"},
    .expectations = {{.variant = "buggy", .violation = true, .kind = mmcheck::ViolationKind::deadlock},
                     {.variant = "fixed", .coverage = {"the last put unhashed the object"}}},
    .coverage_points = {"the last put unhashed the object"},
    .make = mmcheck::make_instance<RefObj>(),
});
