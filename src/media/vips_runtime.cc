#include "media/vips_runtime.h"

#include <vips/vips.h>

#include <atomic>

namespace media {
namespace {

// The loaders an upload may use (GObject type names; blocking applies to
// subclasses, so these cover the _buffer, _file and _source variants).
constexpr const char* kAllowedLoaders[] = {
    "VipsForeignLoadJpeg",
    "VipsForeignLoadPng",
    "VipsForeignLoadWebp",
    "VipsForeignLoadNsgif",
};

}  // namespace

base::Result<std::unique_ptr<VipsRuntime>> VipsRuntime::Start() {
  // libvips' own state is global, so the guard against starting twice is too.
  static std::atomic<bool> started{false};
  if (started.exchange(true)) {
    return base::Status::Internal("libvips was already started in this process");
  }
  if (VIPS_INIT("broadside") != 0) {
    vips_error_clear();
    return base::Status::Internal("libvips failed to initialise");
  }
  vips_cache_set_max(0);
  vips_cache_set_max_mem(0);
  vips_cache_set_max_files(0);
  vips_concurrency_set(2);
  vips_block_untrusted_set(TRUE);
  vips_operation_block_set("VipsForeignLoad", TRUE);
  for (const char* name : kAllowedLoaders) vips_operation_block_set(name, FALSE);
  return std::unique_ptr<VipsRuntime>(new VipsRuntime());
}

VipsRuntime::~VipsRuntime() { vips_shutdown(); }

}  // namespace media
