#pragma once
// Generated feature images for the demo site (libvips): abstract, colourful,
// deterministic per seed, so the demo needs no image files in the repo.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace publishing {

// Writes a `width`x`height` JPEG to `path` (parent directory must exist).
// The same seed and size always give the same picture: a two-colour gradient
// crossed by soft translucent bands, with a few discs and rings.
// InvalidArgument for a non-positive or huge size; Internal (with libvips'
// message) when libvips fails, e.g. the file cannot be written.
base::Status WriteDemoImage(const std::string& path, int width, int height, uint32_t seed);

// Alt text for the image WriteDemoImage draws for `seed`, in `lang` ("es" gives
// Spanish; anything else English), e.g. "Abstract illustration: a diagonal
// gradient from navy to teal, crossed by translucent gold bands and
// overlapping circles".
std::string DescribeDemoImage(uint32_t seed, std::string_view lang);

}  // namespace publishing
