#pragma once
// Storage contract for the media library's records. The image files
// themselves live under DATA_DIR/media/lib/<key>/ (see media/README.md for
// sharing that directory between nodes); this table says what exists, its
// size and its credits, and who uploaded it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace store {

using base::Result;
using base::Status;
using base::Time;

struct MediaItem {
  int64_t id = 0;
  std::string key;            // content-derived directory name; unique
  std::string original_name;  // as uploaded, for people (never used as a path)
  std::string format;         // decoded type of the upload: "jpeg", "png", "webp", "gif"
  int width = 0, height = 0;  // of the largest variant
  int64_t bytes = 0;          // total bytes of all variants on disk
  std::vector<int> widths;    // variant widths, ascending (each as .webp and .jpg)
  std::string alt, caption, credit, credit_url;
  Time created_at{};
  std::optional<int64_t> uploaded_by;  // user id
};

class MediaStore {
 public:
  virtual ~MediaStore() = default;

  // A duplicate key is Conflict.
  virtual Result<int64_t> CreateMedia(const MediaItem& m) = 0;
  virtual Result<MediaItem> GetMedia(int64_t id) = 0;
  virtual Result<MediaItem> GetMediaByKey(const std::string& key) = 0;
  // Newest first.
  virtual Result<std::vector<MediaItem>> ListMedia(int limit, int offset) = 0;
  virtual Result<int64_t> CountMedia() = 0;
  // Updates alt, caption, credit and credit_url only.
  virtual Status UpdateMediaText(const MediaItem& m) = 0;
  virtual Status DeleteMedia(int64_t id) = 0;
  // How many articles, pages and bylines show an image whose path starts with
  // `path_prefix` (e.g. "lib/<key>/"), so deleting one in use can warn.
  virtual Result<int64_t> CountMediaUses(const std::string& path_prefix) = 0;
};

}  // namespace store
