// main() for media/ tests: libvips is started once per process, before any
// test, and shut down after the last (VipsRuntime cannot be restarted).

#include <gtest/gtest.h>

#include <cstdio>

#include "media/vips_runtime.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  auto runtime = media::VipsRuntime::Start();
  if (!runtime.ok()) {
    std::fprintf(stderr, "%s\n", runtime.status().ToString().c_str());
    return 1;
  }
  return RUN_ALL_TESTS();
}
