#include <gtest/gtest.h>
TEST(Placeholderpackage, ToBeWritten) { SUCCEED(); }
