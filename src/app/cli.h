#pragma once
// The command line: `broadside init`, `broadside serve`, `--version`,
// `--help` on everything. Returns the process exit code.

namespace app {

int RunCli(int argc, char** argv);

}  // namespace app
