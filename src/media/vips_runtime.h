#pragma once
// libvips keeps process-wide state (GObject types, its thread pool, the
// operation cache, which loaders are allowed). VipsRuntime is the one object
// that sets it up and tears it down: the composition root creates it before
// anything else in media/ runs and destroys it last; every test binary that
// uses media/ creates one in main(). One per process, ever.

#include <memory>

#include "base/status.h"

namespace media {

class VipsRuntime {
 public:
  // Starts libvips and applies Broadside's settings, process-wide:
  //  - the operation cache is off (uploads never repeat, and a cached load of
  //    a freed upload buffer must never be reused), so memory stays at what
  //    the images being processed need;
  //  - each pipeline uses at most 2 worker threads;
  //  - every image loader except JPEG, PNG, WebP and GIF is blocked (SVG, PDF,
  //    ImageMagick, ... can never run, even by mistake elsewhere);
  //  - loaders libvips marks untrusted are blocked too.
  // Internal if libvips fails to start, or if a VipsRuntime was already
  // started in this process (libvips cannot be restarted after shutdown).
  static base::Result<std::unique_ptr<VipsRuntime>> Start();

  // Shuts libvips down and frees its caches and threads.
  // REQUIRES: no other thread is using libvips any more.
  ~VipsRuntime();

  VipsRuntime(const VipsRuntime&) = delete;
  VipsRuntime& operator=(const VipsRuntime&) = delete;

 private:
  VipsRuntime() = default;
};

}  // namespace media
