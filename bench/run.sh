#!/usr/bin/env bash
# Load test: broadside (demo site) against nginx serving the same article as a
# static file, with wrk on loopback. Builds nothing: run `make bench`, or build
# first and run this from anywhere. See bench/README.md.
#
# Usage: bench/run.sh [--search | --members | --webhooks]
#   --search (or BENCH_SEARCH=1): seed the demo site with many published
#   articles and Mailbag Q&As (broadside-bench-seed), then load /search with
#   rotating queries (bench/search.lua), /mailbag, /mailbag?page=50 and one
#   /mailbag/<slug>, next to nginx serving a saved search page.
#   --members: seed 100,000 members (broadside-bench-seed --members), sign in
#   as the membership secretary, load the admin member list (page 1 and 500)
#   and a search by email and by name (bench/members.lua), next to nginx
#   serving a saved list page; then 200 sign-ups/s on /join for 30 s, open
#   loop (bench/join_load.py; every 10th with an existing member's address,
#   whose page must be the new joiner's and whose latency is shown beside
#   it), and check the database lost none.
#   --webhooks: enable [donations] (Stripe secrets from the environment, an
#   API base where nothing listens: webhooks never call Stripe), start the
#   gifts with broadside-bench-seed --donations, then 500 signed Stripe events
#   per second for 30 s on /stripe/webhook, open loop (bench/webhook_load.py:
#   completions, refunds and resent duplicates), and count in the database
#   that each was applied exactly once; next to GET /healthz on the same
#   server at the same rate and with wrk.
#
# Environment (defaults in brackets):
#   BROADSIDE_BIN      binary under test [build/broadside]
#   BENCH_DURATION     wrk duration per URL [10s; 20s with --members]
#   BENCH_CONNECTIONS  wrk connections [64; 16 with --search and --members]
#   BENCH_THREADS      wrk threads [2]; the server also gets --threads 2
# With --search only:
#   SEED_BIN           the seeding tool [broadside-bench-seed beside BROADSIDE_BIN]
#   BENCH_ARTICLES     published articles to add [5000]
#   BENCH_QAS          published Q&As to add [10000]
#   BENCH_DATA         keep the seeded data dir here and reuse it on the next run
#                      [unset: a temp dir, seeded afresh and removed]
#   BENCH_RANK_WINDOW, BENCH_SEARCH_CACHE
#                      set [search] rank_window and cache_entries on the site
#                      [unset: as the site has them]
# With --members only (SEED_BIN and BENCH_DATA as above):
#   BENCH_MEMBERS      members to add [100000]
#   BENCH_JOIN_RATE    sign-ups per second [200]
#   BENCH_JOIN_SECONDS seconds of sign-ups [30]
#   BENCH_DEEP_PAGE    the deep page of the member list [500]
# With --webhooks only (SEED_BIN as above; always a fresh temp site):
#   BENCH_WEBHOOK_RATE     events per second [500]
#   BENCH_WEBHOOK_SECONDS  seconds of events [30]
#   BENCH_WEBHOOK_DUPS     share of duplicate deliveries [0.1]
#   BENCH_WEBHOOK_REFUNDS  share of charge.refunded events [0.1]
# Writes the table to stdout and to bench/results/latest.txt
# (search-latest.txt with --search, members-latest.txt with --members,
# webhooks-latest.txt with --webhooks).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=pages
for arg in "$@"; do
  case "$arg" in
    --search) mode=search ;;
    --members) mode=members ;;
    --webhooks) mode=webhooks ;;
    -h|--help) sed -n '2,52p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
[[ ${BENCH_SEARCH:-0} == 1 ]] && mode=search
bin=${BROADSIDE_BIN:-$root/build/broadside}
duration=${BENCH_DURATION:-10s}
seeded=0  # 1 when the mode seeds its data dir with broadside-bench-seed
if [[ $mode == search ]]; then
  seeded=1
  connections=${BENCH_CONNECTIONS:-16}
  results="$root/bench/results/search-latest.txt"
elif [[ $mode == members ]]; then
  seeded=1
  duration=${BENCH_DURATION:-20s}
  connections=${BENCH_CONNECTIONS:-16}
  results="$root/bench/results/members-latest.txt"
elif [[ $mode == webhooks ]]; then
  seeded=1
  connections=${BENCH_CONNECTIONS:-16}
  results="$root/bench/results/webhooks-latest.txt"
  if [[ -n ${BENCH_DATA:-} ]]; then
    echo "bench: --webhooks ignores BENCH_DATA: each run needs gifts no webhook has touched" >&2
    unset BENCH_DATA
  fi
else
  connections=${BENCH_CONNECTIONS:-64}
  results="$root/bench/results/latest.txt"
fi
wrk_threads=${BENCH_THREADS:-2}
seed_bin=${SEED_BIN:-$(dirname "$bin")/broadside-bench-seed}
n_articles=${BENCH_ARTICLES:-5000}
n_qas=${BENCH_QAS:-10000}
n_members=${BENCH_MEMBERS:-100000}
join_rate=${BENCH_JOIN_RATE:-200}
join_seconds=${BENCH_JOIN_SECONDS:-30}
wh_rate=${BENCH_WEBHOOK_RATE:-500}
wh_seconds=${BENCH_WEBHOOK_SECONDS:-30}
wh_dups=${BENCH_WEBHOOK_DUPS:-0.1}
wh_refunds=${BENCH_WEBHOOK_REFUNDS:-0.1}
# A throwaway site's Stripe secrets: test mode, loopback only. Webhooks are
# signed with the second; the first is never used (nothing calls Stripe).
if [[ $mode == webhooks ]]; then
  export BROADSIDE_STRIPE_SECRET_KEY=sk_test_bench_loopback_only
  export BROADSIDE_STRIPE_WEBHOOK_SECRETS=whsec_bench_loopback_only
fi
# The staff user broadside-bench-seed --members creates (a throwaway site's).
secretary_email=secretary@bench.invalid
secretary_password=bench-secretary-loopback-only-7Q

die() { echo "bench: $*" >&2; exit 1; }
[[ -x "$bin" ]] || die "no binary at $bin (run 'make build' first)"
if [[ $seeded == 1 ]]; then
  [[ -x "$seed_bin" ]] || die "no seeding tool at $seed_bin (run 'make build' first)"
fi
tools=(wrk nginx curl python3)
[[ $mode == webhooks ]] && tools=(wrk curl python3)  # no nginx: the reference is /healthz
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || die "$tool not found (run 'scripts/install-deps.sh --bench')"
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)  # others' work on the machine skews every figure
tmp=$(mktemp -d /tmp/broadside-bench.XXXXXX)
server_pid=""
nginx_pid=""
# Stops only the two processes this script started, by PID, then removes tmp.
cleanup() {
  local pid
  for pid in "$server_pid" "$nginx_pid"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- broadside on a demo data dir (seeded with --search) ----------------------
data="$tmp/data"
seed_report=""
if [[ $seeded == 1 && -n ${BENCH_DATA:-} && -e $BENCH_DATA && ! -f $BENCH_DATA/broadside.toml ]]; then
  die "BENCH_DATA=$BENCH_DATA exists but is no data dir; give a new path"
fi
if [[ $seeded == 1 && -n ${BENCH_DATA:-} && -f "$BENCH_DATA/broadside.toml" ]]; then
  echo "bench: reusing the seeded data dir $BENCH_DATA" >&2
  data=$BENCH_DATA
  if [[ $mode == members ]] && ! grep -q '^member emails: ' "$data/seed.log"; then
    die "BENCH_DATA=$BENCH_DATA was not seeded with members; give a new path"
  fi
  seed_report="seed (reused $data): $(grep '^seeded' "$data/seed.log" | paste -sd ';' -)"
else
  "$bin" init --data "$data" --demo >"$tmp/init.log" 2>&1 \
    || { cat "$tmp/init.log" >&2; die "broadside init failed"; }
  if [[ $mode == webhooks ]]; then
    # [donations] on; the API base is a loopback port nothing listens on (the
    # webhook path never calls Stripe; seeding uses a stand-in client).
    sed -i -e 's|^enabled = false$|enabled = true|' \
      -e "s|^stripe_api_base = \".*\"\$|stripe_api_base = \"http://127.0.0.1:$(free_port)\"|" \
      "$data/broadside.toml"
    grep -q '^enabled = true$' "$data/broadside.toml" \
      && grep -q '^stripe_api_base = "http://127.0.0.1:' "$data/broadside.toml" \
      || die "could not enable [donations] in $data/broadside.toml"
  fi
  if [[ $seeded == 1 ]]; then
    if [[ $mode == webhooks ]]; then
      # As many gifts as webhook_load.py sends completions.
      wh_total=$(python3 -c "print(round($wh_rate * $wh_seconds))")
      wh_gifts=$(python3 -c "n = $wh_total; print(n - round(n * $wh_dups) - round(n * $wh_refunds))")
      echo "bench: starting $wh_gifts pending gifts (broadside-bench-seed --donations)" >&2
      seed_args=(--articles 0 --qas 0 --donations "$wh_gifts" --donations-out "$data/gifts.txt")
    elif [[ $mode == search ]]; then
      echo "bench: seeding $n_articles articles and $n_qas Q&As (a few minutes)" >&2
      seed_args=(--articles "$n_articles" --qas "$n_qas")
    else
      echo "bench: seeding $n_members members (a few minutes)" >&2
      seed_args=(--articles 0 --qas 0 --members "$n_members"
                 --secretary-email "$secretary_email" --secretary-password "$secretary_password")
    fi
    "$seed_bin" --data "$data" "${seed_args[@]}" >"$data/seed.log" \
      || { cat "$data/seed.log" >&2; die "seeding failed"; }
    seed_report="seed: $(grep '^seeded' "$data/seed.log" | paste -sd ';' -)"
    if [[ -n ${BENCH_DATA:-} ]]; then  # kept only once fully seeded
      mkdir -p "$(dirname "$BENCH_DATA")"
      mv "$data" "$BENCH_DATA"
      data=$BENCH_DATA
    fi
  fi
fi
if [[ $mode == members ]]; then
  # 6,000 sign-ups come from 127.0.0.1: lift the per-IP join limit (the
  # highest the config accepts) for this site only.
  if grep -q '^joins_per_hour *=' "$data/broadside.toml"; then
    sed -i 's/^joins_per_hour *=.*/joins_per_hour = 10000/' "$data/broadside.toml"
  else
    printf '\n[members]\njoins_per_hour = 10000\n' >>"$data/broadside.toml"
  fi
fi
if [[ $mode == search ]]; then
  # Knobs for comparing settings on the same seeded site (see --help).
  set_key() {  # set_key KEY VALUE: a key broadside init wrote into the site's toml
    sed -i "s/^$1 = .*/$1 = $2/" "$data/broadside.toml"
    grep -q "^$1 = $2\$" "$data/broadside.toml" \
      || die "could not set $1 in $data/broadside.toml (a site from an older init?)"
  }
  [[ -n ${BENCH_RANK_WINDOW:-} ]] && set_key rank_window "$BENCH_RANK_WINDOW"
  [[ -n ${BENCH_SEARCH_CACHE:-} ]] && set_key cache_entries "$BENCH_SEARCH_CACHE"
  search_settings="rank_window $(sed -n 's/^rank_window = //p' "$data/broadside.toml"),"
  search_settings+=" cache_entries $(sed -n 's/^cache_entries = //p' "$data/broadside.toml")"
fi
"$bin" serve --data "$data" --listen 127.0.0.1:0 --threads 2 \
  >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
port=""
for _ in $(seq 200); do  # up to 20 s for "listening on http://127.0.0.1:PORT"
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$tmp/server.out" | head -n 1)
  [[ -n "$port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$port" ]]; then
  cat "$tmp/server.out" "$tmp/server.err" >&2
  die "broadside serve did not report a listening port"
fi
base="http://127.0.0.1:$port"

# --- URLs: the first article and tag links the site itself publishes ---------
first_link() {  # first_link PREFIX PAGE... -> first path PREFIX<slug> found on the pages
  local prefix=$1 page link; shift
  for page in "$@"; do
    link=$(curl -fsS "$base$page" 2>/dev/null \
             | grep -oE "${prefix}[A-Za-z0-9._~%-]+" | head -n 1 || true)
    [[ -n "$link" ]] && { echo "$link"; return 0; }
  done
  return 1
}
mkdir -p "$tmp/www" "$tmp/nginx"
if [[ $mode == search ]]; then
  # The rare words the seeder reported; search.lua searches for them.
  read -r -a rare_words <<<"$(sed -n 's/^rare words: //p' "$data/seed.log" 2>/dev/null)"
  [[ ${#rare_words[@]} -eq 3 ]] || die "no 'rare words:' line in $data/seed.log"
  # A search page with no hits is cheap and proves nothing: check that the
  # kinds of query search.lua sends find something before loading them.
  for q in "q=workers" "q=%22minimum+wage%22" "q=rent+strike" "q=${rare_words[0]}" \
           "q=overtime&type=qa" "q=union&type=qa&page=2"; do
    hits=$(curl -fsS "$base/search?$q" | grep -c 'class="search-result ' || true)
    [[ $hits -gt 0 ]] || die "/search?$q found nothing: is the site seeded (and are Q&As indexed)?"
  done
  qa_links() {  # qa_links PAGE -> the /mailbag/<slug> links on it, not ask or the feeds
    curl -fsS "$base$1" | grep -oE '/mailbag/[a-z0-9-]+' | grep -vE '^/mailbag/(ask|feed|atom)$' || true
  }
  qa=$(qa_links /mailbag | head -n 1)
  [[ -n $qa ]] || die "no /mailbag/<slug> link on /mailbag"
  [[ -n $(qa_links "/mailbag?page=50") ]] || die "/mailbag?page=50 lists no Q&A (fewer than 1,000?)"
  # nginx's reference: a search result page saved as a static file.
  curl -fsS -o "$tmp/www/article.html" "$base/search?q=workers" || die "could not fetch /search"
elif [[ $mode == members ]]; then
  # Sign in as the membership secretary, as a browser does: the form's CSRF
  # token is bound to the pre-session cookie, the reply sets bs_session.
  jar="$tmp/cookies.txt"
  csrf=$(curl -fsS -c "$jar" "$base/admin/login" \
           | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
  [[ -n $csrf ]] || die "no CSRF token on /admin/login"
  code=$(curl -sS -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
           --data-urlencode "csrf=$csrf" --data-urlencode "next=/admin/members" \
           --data-urlencode "email=$secretary_email" --data-urlencode "password=$secretary_password" \
           "$base/admin/login")
  session=$(awk '$6 == "bs_session" {print $7}' "$jar" | tail -n 1)
  [[ $code == 303 && -n $session ]] || die "signing in as $secretary_email failed (HTTP $code)"
  cookie="bs_session=$session"
  read -r -a member_emails <<<"$(sed -n 's/^member emails: //p' "$data/seed.log")"
  [[ ${#member_emails[@]} -gt 0 ]] || die "no 'member emails:' line in $data/seed.log"
  email=${member_emails[0]}
  name=$(sed -n 's/^member name: //p' "$data/seed.log")
  urlq() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$1"; }
  list_path=/admin/members
  deep_path="/admin/members?page=${BENCH_DEEP_PAGE:-500}"
  email_path="/admin/members?q=$(urlq "$email")"
  name_path="/admin/members?q=$(urlq "$name")"
  # Pages that list nobody are cheap and prove nothing: check first.
  rows_on() { curl -fsS -H "Cookie: $cookie" "$base$1" | grep -c 'href="/admin/members/[0-9]' || true; }
  [[ $(rows_on "$list_path") -ge 50 ]] || die "$list_path lists fewer than 50 members"
  [[ $(rows_on "$deep_path") -ge 50 ]] || die "$deep_path lists fewer than 50 members (too few members for that page?)"
  found=$(curl -fsS -H "Cookie: $cookie" "$base$email_path" | grep -cF "$email" || true)
  [[ $found -gt 0 ]] || die "searching for $email did not find them"
  [[ $(rows_on "$name_path") -ge 1 ]] || die "searching for '$name' found nobody"
  # nginx's reference: the list's first page saved as a static file.
  curl -fsS -H "Cookie: $cookie" -o "$tmp/www/article.html" "$base$list_path" \
    || die "could not fetch $list_path"
elif [[ $mode == webhooks ]]; then
  curl -fsS -o /dev/null "$base/healthz" || die "/healthz does not answer 200"
  # An unsigned event must be refused before anything is measured.
  code=$(curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
           -H 'Stripe-Signature: t=1,v1=00' --data '{"id":"evt_x"}' "$base/stripe/webhook")
  [[ $code == 400 ]] || die "an unsigned POST /stripe/webhook answered $code, not 400 (donations off?)"
else
  article=$(first_link /articles/ /sitemap.xml /) || die "no /articles/<slug> link on /sitemap.xml or /"
  tag=$(first_link /tag/ /sitemap.xml / "$article") || die "no /tag/<slug> link on /sitemap.xml, / or $article"
  # --- nginx serving the same article HTML as a static file
  curl -fsS -o "$tmp/www/article.html" "$base$article" || die "could not fetch $article"
fi
if [[ $mode != webhooks ]]; then  # --webhooks' reference is /healthz on the same server
nginx_port=$(free_port)
{
  # A root master would hand the workers to 'nobody', who cannot read $tmp.
  [[ $(id -u) -eq 0 ]] && echo "user root;"
  cat <<EOF
daemon off;
master_process on;
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000;
EOF
  # Every compiled-in temp path (defaults under /var/lib/nginx) moves into $tmp.
  nginx -V 2>&1 | grep -oE -- '--http-[a-z-]+-temp-path' | sed 's/^--http-//; s/-temp-path$//' \
    | while read -r kind; do
        echo "  ${kind//-/_}_temp_path $tmp/nginx/$kind;"
      done
  cat <<EOF
  server {
    listen 127.0.0.1:$nginx_port;
    root $tmp/www;
  }
}
EOF
} >"$tmp/nginx/nginx.conf"
nginx -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
  >"$tmp/nginx/stdout.log" 2>&1 &
nginx_pid=$!
static="http://127.0.0.1:$nginx_port/article.html"
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$static" 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$tmp/nginx/error.log" >&2; die "nginx exited"; }
  sleep 0.1
done
curl -fsS -o /dev/null "$static" || die "nginx is not serving $static"
fi

# --- wrk ---------------------------------------------------------------------
rows=()
notes=()
bench_one() {  # bench_one LABEL URL [wrk args after the URL...]
  local label=$1 url=$2 out rps p50 p99 bad; shift 2
  echo "bench: wrk -t$wrk_threads -c$connections -d$duration --latency $url $*" >&2
  out=$(wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "$url" "$@")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  # Errors make a fast server look faster: report non-2xx/3xx replies and socket
  # errors, and (search.lua) 200s without a hit.
  bad=$(awk '/^  Non-2xx or 3xx responses:/ {n += $NF}
             /^  Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10}
             /^(search|members)\.lua:/ {gsub(",", ""); n += $(NF - 4) + $NF}
             END {print n + 0}' <<<"$out")
  local note
  note=$(grep -E '^(search|members)\.lua:' <<<"$out" || true)
  [[ -n $note ]] && { echo "$note" >&2; notes+=("$note"); }
  rows+=("$(printf '%-42s %12s %10s %10s %8s' "$label" "$rps" "$p50" "$p99" "$bad")")
}
if [[ $mode == search ]]; then
  # Twice: first from a cold start, when every query misses the server's
  # result cache (each costs full-text ranking, milliseconds of CPU), then
  # warm, as when many readers search the same words.
  bench_one "broadside /search, cold start" "$base" \
    -s "$root/bench/search.lua" -- "${rare_words[@]}"
  bench_one "broadside /search, warm (same rotation)" "$base" \
    -s "$root/bench/search.lua" -- "${rare_words[@]}"
  # The long tail: 1 request in 10 asks something nobody asked yet.
  bench_one "broadside /search, 10% never asked before" "$base" \
    -s "$root/bench/search.lua" -- "${rare_words[@]}" 10
  bench_one "broadside /mailbag" "$base/mailbag"
  bench_one "broadside /mailbag?page=50" "$base/mailbag?page=50"
  bench_one "broadside /mailbag/<slug> (one Q&A)" "$base$qa"
  notes+=("one Q&A: $qa")
  bench_one "nginx /search?q=workers (static copy)" "$static"
elif [[ $mode == members ]]; then
  lua="$root/bench/members.lua"
  bench_one "broadside /admin/members" "$base" -s "$lua" -- "$cookie" "$list_path"
  bench_one "broadside $deep_path" "$base" -s "$lua" -- "$cookie" "$deep_path"
  bench_one "broadside /admin/members?q=<email>" "$base" -s "$lua" -- "$cookie" "$email_path" "$email"
  bench_one "broadside /admin/members?q=<first last>" "$base" -s "$lua" -- "$cookie" "$name_path"
  notes+=("email searched: $email; name searched: $name")
  bench_one "nginx /admin/members (static copy)" "$static"
elif [[ $mode == webhooks ]]; then
  : # wrk runs after the webhooks (below): the events meet a freshly started server.
else
  bench_one "broadside $article" "$base$article"
  bench_one "broadside /" "$base/"
  bench_one "broadside $tag" "$base$tag"
  bench_one "nginx /article.html (static copy)" "$static"
fi
rss_kib=$(ps -o rss= -p "$server_pid" | tr -d ' ')

# --- --members: sign-ups on a fixed schedule, then count what was stored ------
join_lines=()
join_rss_kib=""
if [[ $mode == members ]]; then
  db="$data/broadside.db"
  q() {  # the sqlite3 module: the sqlite3 shell is not among the bench tools
    python3 -c 'import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=30)
print(c.execute(sys.argv[2]).fetchone()[0])' "$db" "$1"
  }
  before_members=$(q "SELECT count(*) FROM members")
  before_pending=$(q "SELECT count(*) FROM members WHERE status = 'pending'")
  before_outbox=$(q "SELECT coalesce(max(id), 0) FROM mail_outbox")
  # A form posted sooner than min_fill_seconds after it was served is refused:
  # each simulated person waits one second longer.
  min_fill=$(sed -n 's/^min_fill_seconds *= *\([0-9][0-9]*\).*/\1/p' "$data/broadside.toml" | head -n 1)
  lead=$(( ${min_fill:-3} + 1 ))
  echo "bench: $join_rate sign-ups/s for ${join_seconds}s on /join (bench/join_load.py)" >&2
  join_status=0
  join_out=$(python3 "$root/bench/join_load.py" --port "$port" --rate "$join_rate" \
               --duration "$join_seconds" --lead "$lead" --db "$db" \
               --before-members "$before_members" --before-pending "$before_pending" \
               --before-outbox-id "$before_outbox" --out "$tmp/join_load.json" \
               --existing "${member_emails[@]}" --existing-every 10) || join_status=$?
  echo "$join_out" >&2
  mapfile -t join_lines <<<"$join_out"
  [[ $join_status -eq 0 ]] || join_lines+=("join_load: SIGN-UPS WERE LOST (exit $join_status)")
  join_rss_kib=$(ps -o rss= -p "$server_pid" | tr -d ' ')
fi

# --- --webhooks: signed events on a fixed schedule, then count what was applied --
wh_lines=()
wh_rss_kib=""
if [[ $mode == webhooks ]]; then
  db="$data/broadside.db"
  before_outbox=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=30)
print(c.execute("SELECT coalesce(max(id), 0) FROM mail_outbox").fetchone()[0])' "$db")
  # The floor: the same client, schedule and connection handling on /healthz.
  ref_seconds=$(( wh_seconds < 10 ? wh_seconds : 10 ))
  echo "bench: reference: GET /healthz at $wh_rate/s for ${ref_seconds}s (bench/webhook_load.py)" >&2
  ref_out=$(python3 "$root/bench/webhook_load.py" --port "$port" --rate "$wh_rate" \
              --duration "$ref_seconds" --reference-path /healthz --out "$tmp/reference.json") \
    || ref_out+=$'\n'"reference: some GET /healthz did not answer 200"
  echo "$ref_out" >&2
  echo "bench: $wh_rate signed webhook events/s for ${wh_seconds}s (bench/webhook_load.py)" >&2
  wh_load_avg=$(cut -d' ' -f1-3 /proc/loadavg)
  wh_status=0
  wh_out=$(python3 "$root/bench/webhook_load.py" --port "$port" --rate "$wh_rate" \
             --duration "$wh_seconds" --gifts "$data/gifts.txt" \
             --secret "$BROADSIDE_STRIPE_WEBHOOK_SECRETS" --dup-share "$wh_dups" \
             --refund-share "$wh_refunds" --db "$db" --before-outbox-id "$before_outbox" \
             --out "$tmp/webhook_load.json") || wh_status=$?
  echo "$wh_out" >&2
  wh_rss_kib=$(ps -o rss= -p "$server_pid" | tr -d ' ')
  mapfile -t wh_lines <<<"$ref_out"$'\n'"$wh_out"
  wh_lines+=("load average when the events started: $wh_load_avg; after: $(cut -d' ' -f1-3 /proc/loadavg)")
  [[ $wh_status -eq 0 ]] || wh_lines+=("webhook_load: EVENTS LOST OR APPLIED TWICE, OR NOT ANSWERED 200 (exit $wh_status)")
  bench_one "broadside /healthz (wrk, after the events)" "$base/healthz"
  # The server's own view (access log: request read -> reply written, which
  # includes the wait for a worker thread but not the client's side). Read
  # after wrk: the access log is buffered, and wrk's requests flush it.
  server_view=$(python3 -c 'import re, sys
us = sorted(int(m.group(1)) for m in re.finditer(
    r"\"POST /stripe/webhook\" 200 \d+ (\d+)us", open(sys.argv[1], errors="replace").read()))
pick = lambda p: us[min(len(us) - 1, max(0, round(p / 100 * len(us) + 0.5) - 1))] / 1000
print(f"server access log: {len(us)} POST /stripe/webhook answered 200, p50 {pick(50):.2f} ms, "
      f"p99 {pick(99):.2f} ms, max {us[-1] / 1000:.1f} ms" if us else "server access log: no webhook lines")' \
    "$tmp/server.err")
  echo "$server_view" >&2
  wh_lines+=("$server_view")
  rss_kib=$(ps -o rss= -p "$server_pid" | tr -d ' ')
fi

# --- report ------------------------------------------------------------------
mkdir -p "$(dirname "$results")"
report="$tmp/report.txt"
{
  echo "Broadside bench — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
       " cpus: $(nproc)  kernel: $(uname -r)"
  if [[ $mode == webhooks ]]; then
    echo "wrk -t$wrk_threads -c$connections -d$duration --latency; broadside serve --threads 2;" \
         "webhook_load.py (one Python process); all on 127.0.0.1, sharing the CPUs"
  else
    echo "wrk -t$wrk_threads -c$connections -d$duration --latency; broadside serve --threads 2;" \
         "nginx $(nginx -v 2>&1 | sed 's|.*nginx/||') with 2 workers; all on 127.0.0.1, sharing the CPUs"
  fi
  echo "load average before the run: $load_before"
  [[ -n $seed_report ]] && echo "$seed_report"
  [[ -n ${search_settings:-} ]] && echo "search settings: $search_settings"
  echo
  printf '%-42s %12s %10s %10s %8s\n' "URL" "requests/s" "p50" "p99" "errors"
  printf '%s\n' "${rows[@]}"
  [[ ${#notes[@]} -gt 0 ]] && printf '%s\n' "${notes[@]}"
  echo
  echo "broadside RSS after the runs: $((rss_kib / 1024)) MiB ($rss_kib KiB)"
  if [[ ${#join_lines[@]} -gt 0 ]]; then
    echo
    printf '%s\n' "${join_lines[@]}"
    echo "broadside RSS after the sign-ups: $((join_rss_kib / 1024)) MiB ($join_rss_kib KiB)"
  fi
  if [[ ${#wh_lines[@]} -gt 0 ]]; then
    echo
    printf '%s\n' "${wh_lines[@]}"
    echo "broadside RSS after the webhooks: $((wh_rss_kib / 1024)) MiB ($wh_rss_kib KiB)"
  fi
} >"$report"
cp "$report" "$results"
cat "$report"
echo "bench: written to ${results#"$root"/}" >&2
# A webhook run that lost or doubled an event is a failure, not a figure.
[[ $mode != webhooks || $wh_status -eq 0 ]] || exit 1
