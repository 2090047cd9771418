#pragma once
// `broadside keys rotate --data DIR [--no-wait]` (see app/key_rotation.h).

#include <string>

namespace app {

struct KeysRotateOptions {
  std::string data_dir;
  bool no_wait = false;  // skip the pause for running servers (none are running)
};

// Returns the process exit code; prints progress on stdout, errors on stderr.
int RunKeysRotate(const KeysRotateOptions& o);

}  // namespace app
