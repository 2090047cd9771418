#pragma once
// The media library: uploaded images, processed once into responsive variants
// on disk, with their records (alt text, caption, credit) in the store.
//
// On disk (MEDIA_DIR is config's DATA_DIR/media):
//   MEDIA_DIR/lib/<key>/<width>.webp and <width>.jpg for each variant width,
// where <key> is the first 16 hex digits of BLAKE2b-256 of the uploaded bytes.
// See README.md for sharing MEDIA_DIR between nodes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "media/image_processing.h"
#include "store/media_store.h"

namespace media {

// Longest accepted text fields (bytes of UTF-8).
inline constexpr size_t kMaxAlt = 1000;
inline constexpr size_t kMaxCaption = 2000;
inline constexpr size_t kMaxCredit = 200;
inline constexpr size_t kMaxCreditUrl = 2000;
inline constexpr size_t kMaxOriginalName = 255;

// Thread-safe: calls may run concurrently (the store is, and files are
// written under unique temporary names and renamed into place).
// REQUIRES: a VipsRuntime is alive for the library's lifetime.
class MediaLibrary {
 public:
  // `store` and `clock` are borrowed and must outlive this object. `media_dir`
  // must exist; lib/ is created under it as needed.
  MediaLibrary(store::MediaStore& store, std::string media_dir, const base::Clock& clock,
               UploadLimits limits = {});

  // Processes `bytes` (see ProcessUpload for what is refused and why), writes
  // the variants and records the item. The same bytes uploaded again return
  // the existing item unchanged (nothing is reprocessed). `original_name` is
  // kept for people only (its last path component, control characters
  // removed, at most kMaxOriginalName bytes); it never becomes a path.
  // InvalidArgument with a user-presentable message for a refused upload;
  // Internal when the files cannot be written.
  base::Result<store::MediaItem> Upload(std::string_view bytes, std::string_view original_name,
                                        std::optional<int64_t> user_id);

  base::Result<store::MediaItem> Get(int64_t id);
  // Newest first.
  base::Result<std::vector<store::MediaItem>> List(int limit, int offset);
  base::Result<int64_t> Count();

  // Sets the item's texts. InvalidArgument (user-presentable) when one is too
  // long or not valid UTF-8, or credit_url is not empty and not an absolute
  // http(s) URL; NotFound for an unknown id.
  base::Status UpdateText(int64_t id, std::string_view alt, std::string_view caption,
                          std::string_view credit, std::string_view credit_url);

  // Removes the record, then the files. When articles, pages or bylines still
  // show the image and !force: Conflict, with the number of uses in the
  // message, and nothing is removed. NotFound for an unknown id.
  base::Status Delete(int64_t id, bool force);

  const std::string& media_dir() const { return media_dir_; }

 private:
  base::Status WriteVariants(const std::string& key, const ProcessedImage& image,
                             int64_t* total_bytes);

  store::MediaStore& store_;
  const std::string media_dir_;
  const base::Clock& clock_;
  const UploadLimits limits_;
};

// The library key for upload bytes: 16 lower-case hex digits of BLAKE2b-256.
std::string MediaKey(std::string_view bytes);

}  // namespace media
