#include <gtest/gtest.h>
TEST(Placeholderaggregation, ToBeWritten) { SUCCEED(); }
