#include <gtest/gtest.h>
TEST(Placeholderproject, ToBeWritten) { SUCCEED(); }
