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
-- The long tail: with a 4th argument K > 0, every K-th request is a query
-- nobody has asked yet in the run (so the server's result cache cannot
-- answer it): two of these common words and a page, 9 x 8 x 40 = 2,880
-- different questions, each wrk thread taking its own half of them. Every
-- pair shares over 1,600 documents in the seeded text, so with the default
-- rank window of 1,000 every one of the 40 pages has hits.
local common = { "wages", "strike", "workers", "rent", "union", "pension", "housing",
                 "contract", "nurses" }

function long_tail_path(k)
  local pages, nw = 40, #common
  k = k % (nw * (nw - 1) * pages)
  local page = k % pages + 1
  local pair = math.floor(k / pages)
  local a = math.floor(pair / (nw - 1)) + 1
  local b = pair % (nw - 1) + 1
  if b >= a then b = b + 1 end
  return "/search?q=" .. common[a] .. "+" .. common[b] .. "&page=" .. page
end

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
  miss_every = tonumber(args[4] or "0") or 0
  misses = 0
  miss_base = (id or 0) * 1440  -- each thread its own half of the 2,880
end

function request()
  n = n + 1
  if miss_every > 0 and n % miss_every == 0 then
    misses = misses + 1
    return wrk.format("GET", long_tail_path(miss_base + misses))
  end
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
  local bad, empty, total, missed = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non200")
    empty = empty + t:get("no_hits")
    total = total + t:get("responses")
    missed = missed + t:get("misses")
  end
  local tail = ""
  if missed > 0 then
    tail = string.format(" (%d of them long-tail queries never asked before)", missed)
  end
  io.write(string.format("search.lua: %d queries in rotation, %d responses%s, non-200: %d, " ..
                         "200 without hits: %d\n", #queries, total, tail, bad, empty))
end
