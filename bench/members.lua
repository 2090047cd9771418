-- wrk script for bench/run.sh --members: GETs one back-office path with the
-- membership secretary's session cookie, and counts replies that are not
-- 200 and 200s that list nobody (an empty list or a sign-in page is cheap
-- and proves nothing), so run.sh can treat either count above zero as an
-- invalid run.
--
-- Usage: wrk ... -s members.lua URL -- COOKIE PATH [MARKER]
--   COOKIE  "bs_session=..." as the sign-in set it
--   PATH    e.g. /admin/members?page=500
--   MARKER  text every good reply contains [href="/admin/members/]

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non200, empty, responses = 0, 0, 0
  cookie = args[1] or ""
  path = args[2] or "/admin/members"
  marker = args[3] or 'href="/admin/members/'
  req = wrk.format("GET", path, { ["Cookie"] = cookie })
end

function request()
  return req
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    non200 = non200 + 1
  elseif not body:find(marker, 1, true) then
    empty = empty + 1
  end
end

function done(summary, latency, requests)
  local bad, none, total = 0, 0, 0
  local shown = threads[1] and threads[1]:get("path") or "?"
  for _, t in ipairs(threads) do
    bad = bad + t:get("non200")
    none = none + t:get("empty")
    total = total + t:get("responses")
  end
  io.write(string.format("members.lua: %s, %d responses, non-200: %d, 200 without members: %d\n",
                         shown, total, bad, none))
end
