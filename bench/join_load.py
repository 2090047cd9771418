#!/usr/bin/env python3
"""Open-loop sign-up load for bench/run.sh --members (standard library only).

wrk keeps a fixed number of requests in flight, so a slow server simply gets
fewer requests; a queue of people joining after a broadcast does not wait.
This sends sign-ups on a fixed schedule whatever the server does, as people
would: sign-up i loads /join at START + i/RATE, reads the form's FormTimer
token, and posts the filled form LEAD seconds later (LEAD must exceed the
form's minimum fill time, 3 s by default, or every post is refused as too
fast). Each request is its own connection (Connection: close), as from many
phones. Every status and latency is recorded.

A sign-up counts as accepted only when the POST answers 200 with the "check
your email" page naming its address. Afterwards the database (read only,
with the sqlite3 module) must hold one new pending member and one new queued
"member_confirm" email per sign-up: --db and the counts from before the run
(--before-members, --before-outbox-id) say where to look.

Enumeration: with --existing ADDRESS... and --existing-every K, every K-th
sign-up uses the address of someone already on the list. Its page must be
the new joiner's page byte for byte (once the address itself is set aside),
its latency is reported beside the new joiners' (the same class of work: one
lookup, one write, one queued email), and it must add no member and queue
one email ("member_already", or "member_confirm" again for someone who never
confirmed). A page that differs fails the run.

Prints a summary and writes a JSON report (--out) with every request.
Exit status: 0 when nothing was lost, 1 otherwise, 2 for usage errors.
"""

import argparse
import asyncio
import json
import re
import sqlite3
import sys
import time
import urllib.parse

TOKEN_RE = re.compile(rb'name="form_token" value="([^"]*)"')


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def dechunk(body):
    out, pos = bytearray(), 0
    while True:
        eol = body.find(b"\r\n", pos)
        if eol < 0:
            break
        size = int(body[pos:eol].split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += body[eol + 2:eol + 2 + size]
        pos = eol + 2 + size + 2
    return bytes(out)


async def http(host, port, method, path, body=b"", timeout=30.0):
    """One request on its own connection; returns (status, body bytes)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        head = (f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                "User-Agent: broadside-join-load\r\nAccept: text/html\r\n"
                "Connection: close\r\n")
        if method == "POST":
            head += ("Content-Type: application/x-www-form-urlencoded\r\n"
                     f"Content-Length: {len(body)}\r\n")
        writer.write(head.encode() + b"\r\n" + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(-1), timeout)
    finally:
        writer.close()
    header_end = raw.find(b"\r\n\r\n")
    if header_end < 0:
        raise ConnectionError("no HTTP header in the reply")
    headers = raw[:header_end].decode("latin-1").split("\r\n")
    status = int(headers[0].split(" ")[1])
    payload = raw[header_end + 4:]
    if any(h.lower().startswith("transfer-encoding:") and "chunked" in h.lower()
           for h in headers[1:]):
        payload = dechunk(payload)
    return status, payload


def person(i, run_id, args):
    first = ["Ana", "Luis", "Marta", "Sam", "Aisha", "Jordi", "Niamh", "Pablo"][i % 8]
    last = ["García", "Smith", "López", "Patel", "Moreno", "Kelly", "Ruiz", "Evans"][i // 8 % 8]
    return {
        "first_name": first,
        "last_name": last,
        "email": existing_email(i, args) or f"load{run_id}-{i:05d}@signups.example",
        "phone": "",
        "postal_code": f"28{i % 1000:03d}",
        "region": "Comunidad de Madrid",
        "country": "España",
        "privacy_consent": "1",
        "email_consent": "1" if i % 3 else "",
    }


def existing_email(i, args):
    """The existing member's address sign-up i uses, or None for a new joiner."""
    k = args.existing_every
    if not k or not args.existing or i % k != k - 1:
        return None
    return args.existing[(i // k) % len(args.existing)]


async def sign_up(i, args, start, run_id, record):
    host, port = args.host, args.port
    get_at = start + i / args.rate
    post_at = get_at + args.lead
    loop = asyncio.get_running_loop()
    r = {"i": i}
    record.append(r)
    await asyncio.sleep(max(0.0, get_at - loop.time()))
    t = loop.time()
    r["get_lag"] = t - get_at
    try:
        status, body = await http(host, port, "GET", "/join")
        r["get_status"], r["get_ms"] = status, (loop.time() - t) * 1000
        m = TOKEN_RE.search(body)
        if status != 200 or not m:
            r["error"] = "no form token on /join"
            return
        token = m.group(1).decode()
    except (OSError, asyncio.TimeoutError, ValueError) as e:
        r["error"] = f"GET /join: {e!r}"
        return
    fields = person(i, run_id, args)
    r["kind"] = "existing" if existing_email(i, args) else "new"
    fields["form_token"] = token
    data = urllib.parse.urlencode(fields).encode()
    await asyncio.sleep(max(0.0, post_at - loop.time()))
    t = loop.time()
    r["post_lag"] = t - post_at
    r["post_sent"] = t - start
    try:
        status, body = await http(host, port, "POST", "/join", data)
        r["post_status"], r["post_ms"] = status, (loop.time() - t) * 1000
        r["ok"] = status == 200 and f"<strong>{fields['email']}</strong>".encode() in body
        # The page with the address set aside, to compare new with existing.
        r["page"] = hash(body.replace(fields["email"].encode(), b"EMAIL"))
        if not r["ok"]:
            r["error"] = f"POST /join answered {status} without the check-your-email page"
    except (OSError, asyncio.TimeoutError, ValueError) as e:
        r["error"] = f"POST /join: {e!r}"


async def run(args, run_id):
    loop = asyncio.get_running_loop()
    record = []
    start = loop.time() + 0.5
    n = int(round(args.rate * args.duration))
    wall0 = time.time()
    await asyncio.gather(*(sign_up(i, args, start, run_id, record) for i in range(n)))
    return record, time.time() - wall0


def db_counts(db, run_id, before_outbox_id):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        pending = con.execute("SELECT count(*) FROM members WHERE status = 'pending'").fetchone()[0]
        total = con.execute("SELECT count(*) FROM members").fetchone()[0]
        kinds = dict(con.execute(
            "SELECT kind, count(*) FROM mail_outbox WHERE id > ? GROUP BY kind",
            (before_outbox_id,)).fetchall())
    finally:
        con.close()
    return pending, total, kinds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--rate", type=float, default=200.0, help="sign-ups per second")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of sign-ups")
    ap.add_argument("--lead", type=float, default=4.0,
                    help="seconds between loading the form and posting it (> min fill time)")
    ap.add_argument("--db", help="the site's database file, to count what was stored")
    ap.add_argument("--before-members", type=int, default=0, help="all members before the run")
    ap.add_argument("--before-pending", type=int, default=0, help="pending members before the run")
    ap.add_argument("--before-outbox-id", type=int, default=0, help="max(mail_outbox.id) before")
    ap.add_argument("--out", help="write the JSON report here")
    ap.add_argument("--existing", nargs="*", default=[],
                    help="addresses of people already on the list")
    ap.add_argument("--existing-every", type=int, default=0,
                    help="every K-th sign-up uses one of --existing (0: none)")
    args = ap.parse_args()
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        ap.error("loopback only")
    if args.rate <= 0 or args.duration <= 0:
        ap.error("--rate and --duration must be positive")
    if args.existing_every < 0 or (args.existing_every and not args.existing):
        ap.error("--existing-every needs --existing addresses and must be >= 0")

    run_id = time.strftime("%H%M%S")
    record, wall = asyncio.run(run(args, run_id))
    n = len(record)
    ok = [r for r in record if r.get("ok")]
    posts = [r for r in record if "post_ms" in r]
    post_ms = [r["post_ms"] for r in posts]
    get_ms = [r["get_ms"] for r in record if "get_ms" in r]
    sent = sorted(r["post_sent"] for r in record if "post_sent" in r)
    span = (sent[-1] - sent[0]) if len(sent) > 1 else float("nan")
    rate = (len(sent) - 1) / span if len(sent) > 1 and span > 0 else float("nan")
    lags = [r["post_lag"] for r in record if "post_lag" in r] + \
           [r["get_lag"] for r in record if "get_lag" in r]
    statuses = {}
    for r in record:
        key = f"GET {r.get('get_status', 'error')} / POST {r.get('post_status', '-')}"
        statuses[key] = statuses.get(key, 0) + 1
    # Where the slow replies were: per second of the run, by POST time.
    by_second = {}
    for r in posts:
        by_second.setdefault(int(r["post_sent"]), []).append(r["post_ms"])
    worst = sorted(by_second.items(), key=lambda kv: -max(kv[1]))[:3]
    slow = sum(1 for v in post_ms if v > 100)
    errors = {}
    for r in record:
        if "error" in r:
            errors[r["error"]] = errors.get(r["error"], 0) + 1

    summary = {
        "sign_ups": n,
        "accepted": len(ok),
        "posts_sent": len(sent),
        "post_rate_per_s": rate,
        "post_p50_ms": percentile(post_ms, 50),
        "post_p99_ms": percentile(post_ms, 99),
        "post_max_ms": max(post_ms) if post_ms else float("nan"),
        "get_p50_ms": percentile(get_ms, 50),
        "get_p99_ms": percentile(get_ms, 99),
        "max_schedule_lag_ms": max(lags) * 1000 if lags else float("nan"),
        "posts_over_100ms": slow,
        "worst_seconds": [{"second": k, "posts": len(v), "p50_ms": percentile(v, 50),
                           "max_ms": max(v)} for k, v in worst],
        "statuses": statuses,
        "errors": errors,
        "wall_s": wall,
    }
    by_kind = {}
    for kind in ("new", "existing"):
        ms = [r["post_ms"] for r in posts if r.get("kind") == kind]
        if ms:
            by_kind[kind] = {"posts": len(ms), "p50_ms": percentile(ms, 50),
                             "p99_ms": percentile(ms, 99), "max_ms": max(ms)}
    summary["by_kind"] = by_kind
    pages = {kind: {r["page"] for r in record if r.get("kind") == kind and "page" in r}
             for kind in ("new", "existing")}
    n_existing = sum(1 for r in record if r.get("kind") == "existing")
    n_new = n - n_existing
    same_page = pages["existing"] <= pages["new"]
    summary["existing_page_same_as_new"] = same_page
    lost = n - len(ok)
    if args.db:
        pending, total, kinds = db_counts(args.db, run_id, args.before_outbox_id)
        summary["new_members"] = total - args.before_members
        summary["new_pending"] = pending - args.before_pending
        summary["new_outbox"] = kinds
        confirm_or_already = kinds.get("member_confirm", 0) + kinds.get("member_already", 0)
        if summary["new_pending"] != n_new or summary["new_members"] != n_new \
                or kinds.get("member_confirm", 0) < n_new or confirm_or_already != n \
                or sum(kinds.values()) != n:
            lost = max(lost, 1)
    summary["lost"] = lost

    print(f"join_load: {n} sign-ups at {args.rate:g}/s for {args.duration:g}s "
          f"(form loaded, posted {args.lead:g}s later), {len(ok)} accepted, "
          f"POST rate achieved {rate:.1f}/s, max schedule lag {summary['max_schedule_lag_ms']:.1f} ms")
    print(f"join_load: POST /join p50 {summary['post_p50_ms']:.2f} ms, "
          f"p99 {summary['post_p99_ms']:.2f} ms, max {summary['post_max_ms']:.2f} ms; "
          f"GET /join p50 {summary['get_p50_ms']:.2f} ms, p99 {summary['get_p99_ms']:.2f} ms")
    print(f"join_load: {slow} POSTs over 100 ms; slowest seconds of the run: " + ", ".join(
        f"s{w['second']} ({w['posts']} posts, p50 {w['p50_ms']:.1f} ms, max {w['max_ms']:.0f} ms)"
        for w in summary["worst_seconds"]))
    if n_existing:
        print("join_load: by kind: " + ", ".join(
            f"{k} {v['posts']} (POST p50 {v['p50_ms']:.2f} ms, p99 {v['p99_ms']:.2f} ms, "
            f"max {v['max_ms']:.1f} ms)" for k, v in by_kind.items()))
        print("join_load: an existing member's page is " +
              ("the same as a new joiner's" if same_page else "DIFFERENT from a new joiner's"))
    print("join_load: replies: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    if errors:
        print("join_load: errors: " + "; ".join(f"{k} x{v}" for k, v in errors.items()))
    if args.db:
        print(f"join_load: database: {summary['new_members']} new members, "
              f"{summary['new_pending']} new pending, new outbox rows "
              + (", ".join(f"{k} {v}" for k, v in sorted(summary['new_outbox'].items())) or "none"))
    print(f"join_load: lost {lost}" + (" (none)" if lost == 0 else ""))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"summary": summary, "requests": record}, f)
    return 0 if lost == 0 and same_page else 1


if __name__ == "__main__":
    sys.exit(main())
