// Use cases: aggregation. (To be written.)
#pragma once
