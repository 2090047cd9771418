#!/usr/bin/env bash
# Load test: broadside (demo site) against nginx serving the same article as a
# static file, with wrk on loopback. Builds nothing: run `make bench`, or build
# first and run this from anywhere. See bench/README.md.
#
# Usage: bench/run.sh [--search]
#   --search (or BENCH_SEARCH=1): seed the demo site with many published
#   articles and Mailbag Q&As (broadside-bench-seed), then load /search with
#   rotating queries (bench/search.lua), /mailbag, /mailbag?page=50 and one
#   /mailbag/<slug>, next to nginx serving a saved search page.
#
# Environment (defaults in brackets):
#   BROADSIDE_BIN      binary under test [build/broadside]
#   BENCH_DURATION     wrk duration per URL [10s]
#   BENCH_CONNECTIONS  wrk connections [64; 16 with --search]
#   BENCH_THREADS      wrk threads [2]; the server also gets --threads 2
# With --search only:
#   SEED_BIN           the seeding tool [broadside-bench-seed beside BROADSIDE_BIN]
#   BENCH_ARTICLES     published articles to add [5000]
#   BENCH_QAS          published Q&As to add [10000]
#   BENCH_DATA         keep the seeded data dir here and reuse it on the next run
#                      [unset: a temp dir, seeded afresh and removed]
# Writes the table to stdout and to bench/results/latest.txt
# (bench/results/search-latest.txt with --search).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=pages
for arg in "$@"; do
  case "$arg" in
    --search) mode=search ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
[[ ${BENCH_SEARCH:-0} == 1 ]] && mode=search
bin=${BROADSIDE_BIN:-$root/build/broadside}
duration=${BENCH_DURATION:-10s}
if [[ $mode == search ]]; then
  connections=${BENCH_CONNECTIONS:-16}
  results="$root/bench/results/search-latest.txt"
else
  connections=${BENCH_CONNECTIONS:-64}
  results="$root/bench/results/latest.txt"
fi
wrk_threads=${BENCH_THREADS:-2}
seed_bin=${SEED_BIN:-$(dirname "$bin")/broadside-bench-seed}
n_articles=${BENCH_ARTICLES:-5000}
n_qas=${BENCH_QAS:-10000}

die() { echo "bench: $*" >&2; exit 1; }
[[ -x "$bin" ]] || die "no binary at $bin (run 'make build' first)"
if [[ $mode == search ]]; then
  [[ -x "$seed_bin" ]] || die "no seeding tool at $seed_bin (run 'make build' first)"
fi
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || die "$tool not found (run 'scripts/install-deps.sh --bench')"
done

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
if [[ $mode == search && -n ${BENCH_DATA:-} && -e $BENCH_DATA && ! -f $BENCH_DATA/broadside.toml ]]; then
  die "BENCH_DATA=$BENCH_DATA exists but is no data dir; give a new path"
fi
if [[ $mode == search && -n ${BENCH_DATA:-} && -f "$BENCH_DATA/broadside.toml" ]]; then
  echo "bench: reusing the seeded data dir $BENCH_DATA" >&2
  data=$BENCH_DATA
  seed_report="seed (reused $data): $(grep '^seeded' "$data/seed.log" | paste -sd ';' -)"
else
  "$bin" init --data "$data" --demo >"$tmp/init.log" 2>&1 \
    || { cat "$tmp/init.log" >&2; die "broadside init failed"; }
  if [[ $mode == search ]]; then
    echo "bench: seeding $n_articles articles and $n_qas Q&As (a few minutes)" >&2
    "$seed_bin" --data "$data" --articles "$n_articles" --qas "$n_qas" >"$data/seed.log" \
      || { cat "$data/seed.log" >&2; die "seeding failed"; }
    seed_report="seed: $(grep '^seeded' "$data/seed.log" | paste -sd ';' -)"
    if [[ -n ${BENCH_DATA:-} ]]; then  # kept only once fully seeded
      mkdir -p "$(dirname "$BENCH_DATA")"
      mv "$data" "$BENCH_DATA"
      data=$BENCH_DATA
    fi
  fi
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
else
  article=$(first_link /articles/ /sitemap.xml /) || die "no /articles/<slug> link on /sitemap.xml or /"
  tag=$(first_link /tag/ /sitemap.xml / "$article") || die "no /tag/<slug> link on /sitemap.xml, / or $article"
  # --- nginx serving the same article HTML as a static file
  curl -fsS -o "$tmp/www/article.html" "$base$article" || die "could not fetch $article"
fi
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
             /^search.lua:/ {gsub(",", ""); n += $(NF - 4) + $NF}
             END {print n + 0}' <<<"$out")
  grep '^search.lua:' <<<"$out" >&2 && notes+=("$(grep '^search.lua:' <<<"$out")")
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
  bench_one "broadside /mailbag" "$base/mailbag"
  bench_one "broadside /mailbag?page=50" "$base/mailbag?page=50"
  bench_one "broadside /mailbag/<slug> (one Q&A)" "$base$qa"
  notes+=("one Q&A: $qa")
  bench_one "nginx /search?q=workers (static copy)" "$static"
else
  bench_one "broadside $article" "$base$article"
  bench_one "broadside /" "$base/"
  bench_one "broadside $tag" "$base$tag"
  bench_one "nginx /article.html (static copy)" "$static"
fi
rss_kib=$(ps -o rss= -p "$server_pid" | tr -d ' ')

# --- report ------------------------------------------------------------------
mkdir -p "$(dirname "$results")"
report="$tmp/report.txt"
{
  echo "Broadside bench — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
       " cpus: $(nproc)  kernel: $(uname -r)"
  echo "wrk -t$wrk_threads -c$connections -d$duration --latency; broadside serve --threads 2;" \
       "nginx $(nginx -v 2>&1 | sed 's|.*nginx/||') with 2 workers; all on 127.0.0.1, sharing the CPUs"
  [[ -n $seed_report ]] && echo "$seed_report"
  echo
  printf '%-42s %12s %10s %10s %8s\n' "URL" "requests/s" "p50" "p99" "errors"
  printf '%s\n' "${rows[@]}"
  [[ ${#notes[@]} -gt 0 ]] && printf '%s\n' "${notes[@]}"
  echo
  echo "broadside RSS after the runs: $((rss_kib / 1024)) MiB ($rss_kib KiB)"
} >"$report"
cp "$report" "$results"
cat "$report"
echo "bench: written to ${results#"$root"/}" >&2
