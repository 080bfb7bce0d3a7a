#include "test_util.hpp"
TEST(Ch08, Placeholder) { SUCCEED(); }
