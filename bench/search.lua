-- wrk script for bench/run.sh --search: rotates through realistic site-search
-- queries against a site seeded by broadside-bench-seed (bench/seed_text.cc
-- holds the vocabulary: function words, the organization's words, then a long
-- tail of pseudo-words). Counts replies that are not 200 and 200s without a
-- single hit: a search page with no results is cheap and proves nothing, so
-- run.sh treats either count above zero as an invalid run.
--
-- Each wrk thread starts at a different place in the list, so the 16
-- connections are not all asking the same thing at once.

local queries = {
  -- one common word, English and Spanish
  "q=workers", "q=union", "q=housing", "q=huelga", "q=vivienda", "q=wages",
  -- one middling word
  "q=pension", "q=eviction", "q=overtime", "q=desahucio", "q=nurses", "q=referendum",
  -- rarer words (low in the Zipf list) and long-tail pseudo-words
  "q=timesheet", "q=payslip", "q=comedor", "q=tribunal",
  "q=%TAIL1%", "q=%TAIL2%", "q=%TAIL3%",
  -- two words (both must match)
  "q=rent+strike", "q=nurses+pay", "q=sindicato+alquiler", "q=teachers+pension",
  "q=climate+transport", "q=tenants+landlords",
  -- a question as typed, function words and all
  "q=can+my+boss+cut+my+hours", "q=rights+of+tenants",
  -- quoted phrases
  "q=%22minimum+wage%22", "q=%22cost+of+living%22", "q=%22negociaci%C3%B3n+colectiva%22",
  "q=%22sick+pay%22",
  -- filters: Q&As only, articles only, a language, a year
  "q=overtime&type=qa", "q=contract&type=qa", "q=alquiler&type=qa",
  "q=strike&type=article", "q=democracy&lang=en", "q=salarios&lang=es", "q=budget&year=2024",
  -- page 2
  "q=rent&page=2", "q=workers&page=2", "q=union&type=qa&page=2",
}

-- run.sh substitutes real long-tail words for %TAILn% through the args
-- (`wrk ... -s search.lua -- WORD1 WORD2 WORD3`).
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  non200, no_hits, responses = 0, 0, 0
  paths = {}
  for i, q in ipairs(queries) do
    q = q:gsub("%%TAIL(%d)%%", function(n) return args[tonumber(n)] or "union" end)
    paths[i] = "/search?" .. q
  end
  n = (id or 0) * 7
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    non200 = non200 + 1
  elseif not body:find('class="search-result ', 1, true) then
    no_hits = no_hits + 1
  end
end

function done(summary, latency, requests)
  local bad, empty, total = 0, 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non200")
    empty = empty + t:get("no_hits")
    total = total + t:get("responses")
  end
  io.write(string.format("search.lua: %d queries in rotation, %d responses, non-200: %d, " ..
                         "200 without hits: %d\n", #queries, total, bad, empty))
end
