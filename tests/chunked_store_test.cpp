// ChunkedStore (checker/core/chunked_store.hpp): indexing across chunk
// boundaries, elements that never move as the store grows, and copies that
// share nothing.
#include <gtest/gtest.h>

#include "checker/core/chunked_store.hpp"

namespace mmcheck {
namespace {

struct Item {
  int value = -1;  // value-initialised on append
  int other = 7;
};

TEST(ChunkedStore, IndexesAcrossChunksAndNeverMovesAnElement) {
  ChunkedStore<Item, 2> store;  // chunks of 4: every fifth append starts one
  const Item* first = &store.emplace_back();
  for (int i = 1; i < 23; ++i) {
    Item& it = store.emplace_back();
    EXPECT_EQ(it.value, -1);
    EXPECT_EQ(it.other, 7);
    it.value = i;
  }
  store[0].value = 0;
  ASSERT_EQ(store.size(), 23u);
  EXPECT_EQ(&store[0], first);
  for (int i = 0; i < 23; ++i) EXPECT_EQ(store[static_cast<std::size_t>(i)].value, i);
}

TEST(ChunkedStore, ACopySharesNothingWithItsSource) {
  ChunkedStore<Item, 2> a;
  for (int i = 0; i < 9; ++i) a.emplace_back().value = i;
  ChunkedStore<Item, 2> b = a;
  b[8].value = 100;
  b.emplace_back().value = 9;
  EXPECT_EQ(a[8].value, 8);
  EXPECT_EQ(a.size(), 9u);
  EXPECT_EQ(b.size(), 10u);
  a = b;
  EXPECT_EQ(a[8].value, 100);
  EXPECT_EQ(a[9].value, 9);
}

}  // namespace
}  // namespace mmcheck
