// Rules of the scheme: aggregation. (To be written.)
#pragma once
