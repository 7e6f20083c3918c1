// Use cases: project. (To be written.)
#pragma once
