// Use cases: package. (To be written.)
#pragma once
