#pragma once
// gzip (RFC 1952) compression of response bodies. Only the transport uses it.

#include <string>
#include <string_view>

namespace http {

// Compresses `data` into a complete gzip member (zlib, default level).
// Returns "" if zlib fails (only on allocation failure); callers then send
// the body uncompressed. Never throws other than std::bad_alloc.
std::string GzipCompress(std::string_view data);

}  // namespace http
