#pragma once
// The one place where a base::Status becomes an HTTP status. The Status
// message goes to the log, never to the client: clients see a themed page
// with a generic, translated explanation.

#include "base/status.h"
#include "http/request.h"
#include "http/response.h"
#include "web/site.h"

namespace web {

int HttpStatusFor(const base::Status& status);

// A themed error page for `status` (404, 400, 500, ...). Logs Internal and
// Unavailable errors with the request id. Falls back to plain text if the
// theme itself fails.
http::Response ErrorResponse(const SiteDeps& deps, const http::Request& req,
                             const base::Status& status);
// Same, for a status code the web layer decided itself (404 for no route, 405).
http::Response ErrorResponse(const SiteDeps& deps, const http::Request& req, int http_status);

}  // namespace web
