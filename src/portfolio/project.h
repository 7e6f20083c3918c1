// Rules of the scheme: project. (To be written.)
#pragma once
