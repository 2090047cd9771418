// SQLite media store: the media table's rows.

#include "store/sqlite/sqlite_media.h"

#include <charconv>

#include "store/sqlite/sqlite_rows.h"

namespace store::sqlite {
namespace {

using WriteLease = ConnectionPool::WriteLease;
using ReadLease = ConnectionPool::ReadLease;

constexpr char kMediaColumns[] =
    "SELECT id, key, format, width, height, bytes, widths, created_at, uploaded_by,"
    " original_name, alt, caption, credit, credit_url FROM media";

bool KnownFormat(const std::string& f) {
  return f == "jpeg" || f == "png" || f == "webp" || f == "gif";
}

std::string WidthsText(const std::vector<int>& widths) {
  std::string out;
  for (int w : widths) {
    if (!out.empty()) out += ',';
    out += std::to_string(w);
  }
  return out;
}

Result<std::vector<int>> WidthsFrom(std::string_view text) {
  std::vector<int> out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    int w = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), w);
    if (ec != std::errc() || end != part.data() + part.size() || w <= 0)
      return Status::Internal("media: malformed widths '" + std::string(text) + "'");
    out.push_back(w);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

Status CheckItem(const MediaItem& m) {
  if (m.key.empty()) return Status::InvalidArgument("media: empty key");
  if (!KnownFormat(m.format)) return Status::InvalidArgument("media: unknown format " + m.format);
  if (m.width <= 0 || m.height <= 0) return Status::InvalidArgument("media: non-positive size");
  if (m.bytes < 0) return Status::InvalidArgument("media: negative byte count");
  if (m.widths.empty()) return Status::InvalidArgument("media: no variant widths");
  for (size_t i = 0; i < m.widths.size(); ++i) {
    if (m.widths[i] <= 0 || (i > 0 && m.widths[i] <= m.widths[i - 1]))
      return Status::InvalidArgument("media: widths must be positive and ascending");
  }
  return Status::Ok();
}

Result<MediaItem> ReadMedia(const Statement& r) {
  MediaItem m;
  m.id = r.Int64(0);
  m.key = r.Text(1);
  m.format = r.Text(2);
  m.width = r.Int(3);
  m.height = r.Int(4);
  m.bytes = r.Int64(5);
  BS_ASSIGN_OR_RETURN(m.widths, WidthsFrom(r.TextView(6)));
  BS_ASSIGN_OR_RETURN(m.created_at, TimeFrom(r.TextView(7)));
  if (!r.IsNull(8)) m.uploaded_by = r.Int64(8);
  m.original_name = r.Text(9);
  m.alt = r.Text(10);
  m.caption = r.Text(11);
  m.credit = r.Text(12);
  m.credit_url = r.Text(13);
  return m;
}

// Reads the rows of `q` (already bound).
Result<std::vector<MediaItem>> ReadRows(Statement& q) {
  std::vector<MediaItem> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return out;
    BS_ASSIGN_OR_RETURN(MediaItem m, ReadMedia(q));
    out.push_back(std::move(m));
  }
}

}  // namespace

Result<int64_t> SqliteMedia::CreateMedia(const MediaItem& m) {
  BS_RETURN_IF_ERROR(CheckItem(m));
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("INSERT INTO media (key, format, width, height, bytes, widths, created_at,"
                    " uploaded_by, original_name, alt, caption, credit, credit_url)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  q->Bind(1, m.key);
  q->Bind(2, m.format);
  q->Bind(3, m.width);
  q->Bind(4, m.height);
  q->Bind(5, m.bytes);
  q->Bind(6, WidthsText(m.widths));
  q->Bind(7, TimeText(m.created_at));
  q->Bind(8, m.uploaded_by);
  q->Bind(9, m.original_name);
  q->Bind(10, m.alt);
  q->Bind(11, m.caption);
  q->Bind(12, m.credit);
  q->Bind(13, m.credit_url);
  BS_RETURN_IF_ERROR(q->Run().WithContext("create media " + m.key));
  return conn->LastInsertRowid();
}

Result<MediaItem> SqliteMedia::GetMedia(int64_t id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare(std::string(kMediaColumns) + " WHERE id = ?"));
  q->Bind(1, id);
  BS_ASSIGN_OR_RETURN(std::vector<MediaItem> rows, ReadRows(*q));
  if (rows.empty()) return Status::NotFound("media " + std::to_string(id));
  return std::move(rows.front());
}

Result<MediaItem> SqliteMedia::GetMediaByKey(const std::string& key) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare(std::string(kMediaColumns) + " WHERE key = ?"));
  q->Bind(1, key);
  BS_ASSIGN_OR_RETURN(std::vector<MediaItem> rows, ReadRows(*q));
  if (rows.empty()) return Status::NotFound("media key '" + key + "'");
  return std::move(rows.front());
}

Result<std::vector<MediaItem>> SqliteMedia::ListMedia(int limit, int offset) {
  if (limit < 0 || offset < 0) return Status::InvalidArgument("media: negative limit or offset");
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare(std::string(kMediaColumns) +
                                    " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"));
  q->Bind(1, limit);
  q->Bind(2, offset);
  return ReadRows(*q);
}

Result<int64_t> SqliteMedia::CountMedia() {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return conn->QueryInt("SELECT COUNT(*) FROM media");
}

Status SqliteMedia::UpdateMediaText(const MediaItem& m) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("UPDATE media SET alt = ?, caption = ?, credit = ?, credit_url = ?"
                    " WHERE id = ?"));
  q->Bind(1, m.alt);
  q->Bind(2, m.caption);
  q->Bind(3, m.credit);
  q->Bind(4, m.credit_url);
  q->Bind(5, m.id);
  BS_RETURN_IF_ERROR(q->Run());
  if (conn->Changes() == 0) return Status::NotFound("media " + std::to_string(m.id));
  return Status::Ok();
}

Status SqliteMedia::DeleteMedia(int64_t id) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare("DELETE FROM media WHERE id = ?"));
  q->Bind(1, id);
  BS_RETURN_IF_ERROR(q->Run());
  if (conn->Changes() == 0) return Status::NotFound("media " + std::to_string(id));
  return Status::Ok();
}

Result<int64_t> SqliteMedia::CountMediaUses(const std::string& path_prefix) {
  if (path_prefix.empty()) return Status::InvalidArgument("media uses: empty prefix");
  // substr/length compare characters on both sides, so this is an exact
  // prefix test with no LIKE wildcards to escape. instr finds the path inside
  // a Markdown body ("/media/lib/<key>/960.jpg"). Neither can use an index:
  // fine for a rare, editor-initiated delete.
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT (SELECT COUNT(*) FROM articles"
                                    "         WHERE substr(image_path, 1, length(?1)) = ?1"
                                    "            OR instr(body_markdown, ?1) > 0)"
                                    "     + (SELECT COUNT(*) FROM bylines"
                                    "         WHERE substr(photo_path, 1, length(?1)) = ?1)"));
  q->Bind(1, path_prefix);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::Internal("media uses: no row");
  return q->Int64(0);
}

}  // namespace store::sqlite
