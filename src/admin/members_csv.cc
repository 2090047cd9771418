#include "admin/members_csv.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "base/form_text.h"
#include "base/text.h"

namespace admin {

std::string CsvCell(std::string_view value) {
  std::string v;
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos)
    v += '\'';
  v += value;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

std::string CsvRow(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvCell(cells[i]);
  }
  out += "\r\n";
  return out;
}

namespace {

using base::Result;
using base::Status;
using members::ImportRow;

// Where each column goes in an ImportRow; nullptr: read and ignored.
struct ColumnTarget {
  const char* name;
  std::string ImportRow::*field;
};
constexpr ColumnTarget kColumns[] = {
    {"first_name", &ImportRow::first_name},
    {"last_name", &ImportRow::last_name},
    {"email", &ImportRow::email},
    {"phone", &ImportRow::phone},
    {"postal_code", &ImportRow::postal_code},
    {"region", &ImportRow::region},
    {"country", &ImportRow::country},
    {"status", &ImportRow::status},
    {"chapter", &ImportRow::chapter},
    {"membership_type", &ImportRow::membership_type},
    {"email_consent", &ImportRow::email_consent},
    {"joined", &ImportRow::joined},
    {"lapsed", &ImportRow::lapsed},
    {"id", nullptr},
    {"created_at", nullptr},
};

Status Fail(CsvError* error, CsvProblem problem, int row = 0,
            std::vector<std::string> columns = {}) {
  if (error != nullptr) *error = CsvError{problem, row, std::move(columns)};
  return Status::InvalidArgument("members csv: the file cannot be read (problem " +
                                 std::to_string(static_cast<int>(problem)) + ", row " +
                                 std::to_string(row) + ")");
}

// Reads the record starting at `i` into `cells` and moves `i` past it.
// False when the text is used up; nullopt for bad quoting.
std::optional<bool> NextRecord(std::string_view s, size_t& i, std::vector<std::string>& cells) {
  cells.clear();
  if (i >= s.size()) return false;
  auto line_end = [&s](size_t at) { return s[at] == '\r' || s[at] == '\n'; };
  for (;;) {
    std::string cell;
    if (i < s.size() && s[i] == '"') {
      for (++i;; ++i) {
        if (i >= s.size()) return std::nullopt;  // never closed
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            cell += '"';
            ++i;
            continue;
          }
          ++i;
          break;
        }
        cell += s[i];
      }
      if (i < s.size() && s[i] != ',' && !line_end(i)) return std::nullopt;
    } else {
      for (; i < s.size() && s[i] != ',' && !line_end(i); ++i) {
        if (s[i] == '"') return std::nullopt;
        cell += s[i];
      }
    }
    cells.push_back(std::move(cell));
    if (i >= s.size()) return true;
    const char sep = s[i++];
    if (sep == ',') continue;
    if (sep == '\r' && i < s.size() && s[i] == '\n') ++i;
    return true;
  }
}

// The apostrophe CsvCell puts before "=...", "+...", etc. comes off.
void Unguard(std::string& cell) {
  if (cell.size() >= 2 && cell[0] == '\'' &&
      std::string_view("=+-@\t\r").find(cell[1]) != std::string_view::npos) {
    cell.erase(0, 1);
  }
}

std::string Shown(std::string_view name) {
  if (!base::IsValidUtf8(name) || base::HasControlCharacters(name, false)) return "?";
  return std::string(name);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

}  // namespace

Result<std::vector<ImportRow>> ParseMembersCsv(std::string_view text, CsvError* error) {
  if (text.size() > kMaxMembersCsvBytes) return Fail(error, CsvProblem::kTooLarge);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  size_t at = 0;
  int row = 0;
  std::vector<std::string> cells;
  // The header: the first record that is not blank.
  std::vector<std::string ImportRow::*> targets;
  for (;;) {
    ++row;
    std::optional<bool> got = NextRecord(text, at, cells);
    if (!got) return Fail(error, CsvProblem::kBadQuoting, row);
    if (!*got) return Fail(error, CsvProblem::kEmpty);
    if (cells.size() == 1 && base::Trim(cells[0]).empty()) continue;
    break;
  }
  std::vector<std::string> unknown, duplicate, seen;
  for (const std::string& raw : cells) {
    const std::string name = AsciiLower(base::Trim(raw));
    const auto* col = std::find_if(std::begin(kColumns), std::end(kColumns),
                                   [&name](const ColumnTarget& c) { return name == c.name; });
    if (col == std::end(kColumns)) {
      unknown.push_back(Shown(base::Trim(raw)));
    } else if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      duplicate.push_back(Shown(base::Trim(raw)));
    }
    seen.push_back(name);
    targets.push_back(col == std::end(kColumns) ? nullptr : col->field);
  }
  if (!unknown.empty()) return Fail(error, CsvProblem::kUnknownColumns, row, std::move(unknown));
  if (!duplicate.empty())
    return Fail(error, CsvProblem::kDuplicateColumns, row, std::move(duplicate));
  std::vector<std::string> missing;
  for (const char* required : kRequiredMemberColumns)
    if (std::find(seen.begin(), seen.end(), required) == seen.end()) missing.push_back(required);
  if (!missing.empty()) return Fail(error, CsvProblem::kMissingColumns, row, std::move(missing));

  std::vector<ImportRow> rows;
  for (;;) {
    ++row;
    std::optional<bool> got = NextRecord(text, at, cells);
    if (!got) return Fail(error, CsvProblem::kBadQuoting, row);
    if (!*got) break;
    if (cells.size() == 1 && cells[0].empty()) continue;  // a blank line
    if (cells.size() != targets.size()) return Fail(error, CsvProblem::kWrongCellCount, row);
    if (rows.size() == members::kMaxImportRows) return Fail(error, CsvProblem::kTooManyRows);
    ImportRow r;
    r.row = row;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (targets[i] == nullptr) continue;
      Unguard(cells[i]);
      r.*targets[i] = std::move(cells[i]);
    }
    rows.push_back(std::move(r));
  }
  if (rows.empty()) return Fail(error, CsvProblem::kNoRows);
  return rows;
}

}  // namespace admin
