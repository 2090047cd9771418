#pragma once
// MediaStore on SQLite (schema: migrations/sqlite/0004_media.sql). Variant
// widths are stored as ascending comma-separated text ("480,960,1600").

#include "store/media_store.h"
#include "store/sqlite/sqlite_store.h"

namespace store::sqlite {

class SqliteMedia final : public MediaStore {
 public:
  // `pool` must outlive this object.
  explicit SqliteMedia(ConnectionPool& pool) : pool_(pool) {}

  // InvalidArgument for an empty key, a format other than jpeg/png/webp/gif,
  // a non-positive size, or widths that are empty, non-positive or not
  // strictly ascending; InvalidArgument too for an unknown uploaded_by.
  Result<int64_t> CreateMedia(const MediaItem& m) override;
  Result<MediaItem> GetMedia(int64_t id) override;
  Result<MediaItem> GetMediaByKey(const std::string& key) override;
  Result<std::vector<MediaItem>> ListMedia(int limit, int offset) override;
  Result<int64_t> CountMedia() override;
  Status UpdateMediaText(const MediaItem& m) override;
  Status DeleteMedia(int64_t id) override;
  // Counts articles and pages whose feature image path starts with the prefix
  // or whose Markdown body mentions it (an inline image), plus bylines whose
  // photo path starts with it; each row counts once. InvalidArgument for an
  // empty prefix (it would match everything).
  Result<int64_t> CountMediaUses(const std::string& path_prefix) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace store::sqlite
