#pragma once
// A numbered, forward-only schema migration embedded in the binary at build
// time from migrations/<dialect>/NNNN_name.sql (cmake/embed_migrations.cmake).

#include <string>
#include <vector>

namespace store {

struct Migration {
  int number;        // from the file name; applied in ascending order
  std::string name;  // file stem, e.g. "0001_publishing"
  std::string sql;   // one or more statements
};

extern const std::vector<Migration> kSqliteMigrations;

}  // namespace store
