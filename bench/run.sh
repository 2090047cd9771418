#!/usr/bin/env bash
# Load test: broadside (demo site) against nginx serving the same article as a
# static file, with wrk on loopback. Builds nothing: run `make bench`, or build
# first and run this from anywhere. See bench/README.md.
#
# Environment (defaults in brackets):
#   BROADSIDE_BIN      binary under test [build/broadside]
#   BENCH_DURATION     wrk duration per URL [10s]
#   BENCH_CONNECTIONS  wrk connections [64]
#   BENCH_THREADS      wrk threads [2]; the server also gets --threads 2
# Writes the table to stdout and to bench/results/latest.txt.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${BROADSIDE_BIN:-$root/build/broadside}
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-64}
wrk_threads=${BENCH_THREADS:-2}
results="$root/bench/results/latest.txt"

die() { echo "bench: $*" >&2; exit 1; }
[[ -x "$bin" ]] || die "no binary at $bin (run 'make build' first)"
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

# --- broadside on a demo data dir --------------------------------------------
"$bin" init --data "$tmp/data" --demo >"$tmp/init.log" 2>&1 \
  || { cat "$tmp/init.log" >&2; die "broadside init failed"; }
"$bin" serve --data "$tmp/data" --listen 127.0.0.1:0 --threads 2 \
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
article=$(first_link /articles/ /sitemap.xml /) || die "no /articles/<slug> link on /sitemap.xml or /"
tag=$(first_link /tag/ /sitemap.xml / "$article") || die "no /tag/<slug> link on /sitemap.xml, / or $article"

# --- nginx serving the same article HTML as a static file --------------------
mkdir -p "$tmp/www" "$tmp/nginx"
curl -fsS -o "$tmp/www/article.html" "$base$article" || die "could not fetch $article"
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
bench_one() {  # bench_one LABEL URL
  local label=$1 url=$2 out rps p50 p99 bad
  echo "bench: wrk -t$wrk_threads -c$connections -d$duration --latency $url" >&2
  out=$(wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "$url")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  # Errors make a fast server look faster: report non-2xx/3xx replies and socket errors.
  bad=$(awk '/^  Non-2xx or 3xx responses:/ {n += $NF}
             /^  Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10}
             END {print n + 0}' <<<"$out")
  rows+=("$(printf '%-42s %12s %10s %10s %8s' "$label" "$rps" "$p50" "$p99" "$bad")")
}
bench_one "broadside $article" "$base$article"
bench_one "broadside /" "$base/"
bench_one "broadside $tag" "$base$tag"
bench_one "nginx /article.html (static copy)" "$static"
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
  echo
  printf '%-42s %12s %10s %10s %8s\n' "URL" "requests/s" "p50" "p99" "errors"
  printf '%s\n' "${rows[@]}"
  echo
  echo "broadside RSS after the runs: $((rss_kib / 1024)) MiB ($rss_kib KiB)"
} >"$report"
cp "$report" "$results"
cat "$report"
echo "bench: written to ${results#"$root"/}" >&2
