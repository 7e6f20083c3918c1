// Rules of the scheme: package. (To be written.)
#pragma once
