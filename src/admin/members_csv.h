#pragma once
// CSV for the member export: RFC 4180 cells and rows, made safe to open in a
// spreadsheet.

#include <string>
#include <string_view>
#include <vector>

namespace admin {

// One cell. A value that a spreadsheet would run as a formula (it starts
// with = + - @, a tab or a carriage return) gets a leading apostrophe; a
// value with a comma, a double quote, CR or LF is quoted, with its quotes
// doubled.
std::string CsvCell(std::string_view value);

// The cells joined by commas, ending in CRLF.
std::string CsvRow(const std::vector<std::string>& cells);

}  // namespace admin
