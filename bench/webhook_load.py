#!/usr/bin/env python3
"""Open-loop Stripe webhook load for bench/run.sh --webhooks (standard library only).

Stripe does not slow down when an endpoint does: it sends each event when it
happens. So this sends events on a fixed schedule whatever the server does
(event i at START + i/RATE), each on its own connection, signed as Stripe
signs them (Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>),
and records every status and latency.

The events, for gifts listed in --gifts (one a line: donation ref, Checkout
Session id, amount in minor units, currency; broadside-bench-seed
--donations writes it):
  checkout.session.completed  one per gift, distinct event ids (the bulk);
  charge.refunded             a full refund of a gift whose completion was
                              scheduled at least --lag seconds before;
  duplicates                  an event sent before (completion or refund)
                              sent again: same id, same body, fresh signature,
                              as Stripe redelivers.
Event ids carry a run id, so the database can be counted for this run only.

Afterwards (--db, read only) every distinct event id must be recorded exactly
once in donation_events, every gift completed exactly once (one 'received'
ledger row, with its amount), every refunded gift refunded once (one 'refund'
row), no ledger row for a duplicate, ledger rows = completions + refunds, and
one receipt queued in donation_receipts per completion (in the event's own
transaction), and, once the server's receipt job has caught up (waited for,
up to --receipt-wait seconds), one donation_receipt in mail_outbox per
completion (nothing is sent: the bench site has no SMTP). Every request must
answer 200 (duplicates too).

With --reference-path PATH it instead GETs PATH on the same schedule, the same
way (own connection, same client): the floor the webhook figures stand on.

Prints a summary and writes a JSON report (--out) with every request.
Exit status: 0 when every event was applied exactly once and answered 200,
1 otherwise, 2 for usage errors.
"""

import argparse
import asyncio
import bisect
import hashlib
import hmac
import json
import random
import sqlite3
import sys
import time


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


async def http(host, port, method, path, body=b"", headers=(), timeout=30.0):
    """One request on its own connection; returns (status, body bytes)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        head = (f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                "User-Agent: Stripe/1.0 (+https://stripe.com/docs/webhooks; broadside bench)\r\n"
                "Accept: */*\r\nConnection: close\r\n")
        for name, value in headers:
            head += f"{name}: {value}\r\n"
        if method == "POST":
            head += ("Content-Type: application/json; charset=utf-8\r\n"
                     f"Content-Length: {len(body)}\r\n")
        writer.write(head.encode() + b"\r\n" + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(-1), timeout)
    finally:
        writer.close()
    header_end = raw.find(b"\r\n\r\n")
    if header_end < 0:
        raise ConnectionError("no HTTP header in the reply")
    status = int(raw[:header_end].split(b"\r\n")[0].split(b" ")[1])
    return status, raw[header_end + 4:]


def sign(secret, body):
    t = int(time.time())
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def event_body(event_id, etype, created, obj):
    return json.dumps({
        "id": event_id, "object": "event", "type": etype, "created": created,
        "livemode": False, "api_version": "2023-10-16", "pending_webhooks": 1,
        "data": {"object": obj},
    }, separators=(",", ":")).encode()


def completion(run_id, k, gift, created):
    ref, session, amount, currency = gift
    obj = {"id": session, "object": "checkout.session", "mode": "payment",
           "payment_status": "paid", "status": "complete", "amount_total": amount,
           "amount_subtotal": amount, "currency": currency.lower(),
           "payment_intent": f"pi_bench_{ref}", "customer": None,
           "metadata": {"donation_ref": ref}, "client_reference_id": ref}
    return event_body(f"evt_bench_{run_id}_c{k}", "checkout.session.completed", created, obj)


def refund(run_id, k, gift, created):
    ref, _, amount, currency = gift
    obj = {"id": f"ch_bench_{ref}", "object": "charge", "amount": amount,
           "amount_captured": amount, "amount_refunded": amount, "refunded": True,
           "currency": currency.lower(), "payment_intent": f"pi_bench_{ref}",
           "invoice": None, "metadata": {"donation_ref": ref}}
    return event_body(f"evt_bench_{run_id}_r{k}", "charge.refunded", created, obj)


def plan(args, gifts, run_id):
    """The schedule: a list of (kind, event id, body, gift index) in sending order."""
    n = int(round(args.rate * args.duration))
    n_dup = int(round(n * args.dup_share))
    n_ref = int(round(n * args.refund_share))
    n_done = n - n_dup - n_ref
    if n_done > len(gifts):
        sys.exit(f"webhook_load: {n_done} completions need as many gifts; --gifts lists {len(gifts)}")
    lag = int(round(args.lag * args.rate))  # slots between a completion and its refund/resend
    if n_dup + n_ref > n - lag:
        sys.exit("webhook_load: too many duplicates and refunds for the run's length")
    rng = random.Random(args.seed)
    special = set(rng.sample(range(lag, n), n_dup + n_ref))
    refund_slots = set(rng.sample(sorted(special), n_ref))
    created = int(time.time())
    sched, done_at, refunded, sent = [], [], set(), []
    next_gift = ready = 0  # ready: completions scheduled at least `lag` slots before slot i
    for i in range(n):
        if i not in special:
            body = completion(run_id, next_gift, gifts[next_gift], created)
            sched.append(("completed", f"evt_bench_{run_id}_c{next_gift}", body, next_gift))
            done_at.append((i, next_gift))
            sent.append((i, len(sched) - 1))
            next_gift += 1
            continue
        # Targets must have been scheduled at least `lag` slots before.
        while ready < len(done_at) and done_at[ready][0] <= i - lag:
            ready += 1
        if i in refund_slots:
            for _ in range(100):
                g = done_at[rng.randrange(ready)][1]
                if g not in refunded:
                    break
            else:
                g = next(x for _, x in done_at[:ready] if x not in refunded)
            refunded.add(g)
            body = refund(run_id, g, gifts[g], created)
            sched.append(("refund", f"evt_bench_{run_id}_r{g}", body, g))
            sent.append((i, len(sched) - 1))
        else:
            ready_sent = bisect.bisect_right(sent, (i - lag, len(sched)))
            _, j = sent[rng.randrange(ready_sent)]
            kind, eid, body, g = sched[j]
            sched.append(("duplicate", eid, body, g))
    return sched


async def send(i, item, args, start, record):
    kind, eid, body, g = item
    at = start + i / args.rate
    loop = asyncio.get_running_loop()
    r = {"i": i, "kind": kind, "event": eid}
    record.append(r)
    await asyncio.sleep(max(0.0, at - loop.time()))
    t = loop.time()
    r["lag"], r["sent"] = t - at, t - start
    try:
        if args.reference_path:
            status, _ = await http(args.host, args.port, "GET", args.reference_path)
        else:
            status, _ = await http(args.host, args.port, "POST", "/stripe/webhook", body,
                                   [("Stripe-Signature", sign(args.secret, body))])
        r["status"], r["ms"] = status, (loop.time() - t) * 1000
    except (OSError, asyncio.TimeoutError, ValueError, IndexError) as e:
        r["error"] = f"{type(e).__name__}: {e}"


async def run(args, sched):
    loop = asyncio.get_running_loop()
    record = []
    start = loop.time() + 0.5
    wall0 = time.time()
    await asyncio.gather(*(send(i, item, args, start, record) for i, item in enumerate(sched)))
    return record, time.time() - wall0


def wait_for_receipt_mail(db, before_outbox_id, want, wait_s):
    """Receipts are mailed by a background job, off the webhook: waits until
    `want` donation_receipt messages are in the outbox, or `wait_s` passed.
    Returns the seconds waited."""
    t0 = time.time()
    while True:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        try:
            n = con.execute("SELECT count(*) FROM mail_outbox WHERE id > ? AND "
                            "kind = 'donation_receipt'", (before_outbox_id,)).fetchone()[0]
        finally:
            con.close()
        if n >= want or time.time() - t0 >= wait_s:
            return time.time() - t0
        time.sleep(0.2)


def count_db(db, run_id, sched, gifts, before_outbox_id, receipt_wait_s=60.0):
    """What the database holds for this run's events; returns (facts, problems)."""
    n_completed = len({s[3] for s in sched if s[0] == "completed"})
    waited = wait_for_receipt_mail(db, before_outbox_id, n_completed, receipt_wait_s)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    problems = []
    try:
        like = f"evt_bench_{run_id}_%"
        recorded = [row[0] for row in con.execute(
            "SELECT event_id FROM donation_events WHERE event_id LIKE ?", (like,))]
        ledger = con.execute(
            "SELECT kind, count(*), coalesce(sum(amount_minor), 0), count(DISTINCT event_id), "
            "count(DISTINCT donation_id) FROM donation_ledger WHERE event_id LIKE ? GROUP BY kind",
            (like,)).fetchall()
        twice = con.execute(
            "SELECT count(*) FROM (SELECT event_id FROM donation_ledger WHERE event_id LIKE ? "
            "GROUP BY event_id HAVING count(*) > 1)", (like,)).fetchone()[0]
        completed_refs = {s[3] for s in sched if s[0] == "completed"}
        refunded_refs = {s[3] for s in sched if s[0] == "refund"}
        refs = [gifts[g][0] for g in completed_refs]
        con.execute("CREATE TEMP TABLE bench_refs (ref TEXT PRIMARY KEY)")
        con.executemany("INSERT INTO bench_refs VALUES (?)", [(r,) for r in refs])
        rows = con.execute(
            "SELECT d.ref, d.status, d.amount_minor, d.refunded_minor, d.completed_at IS NOT NULL, "
            "(SELECT count(*) FROM donation_ledger l WHERE l.donation_id = d.id AND l.kind = 'received'), "
            "(SELECT count(*) FROM donation_ledger l WHERE l.donation_id = d.id AND l.kind = 'refund') "
            "FROM donations d JOIN bench_refs b ON b.ref = d.ref").fetchall()
        marked = con.execute(
            "SELECT count(*), count(DISTINCT r.donation_id) FROM donation_receipts r "
            "JOIN donations d ON d.id = r.donation_id JOIN bench_refs b ON b.ref = d.ref"
        ).fetchone()
        outbox = dict(con.execute(
            "SELECT kind, count(*) FROM mail_outbox WHERE id > ? GROUP BY kind",
            (before_outbox_id,)).fetchall())
    finally:
        con.close()

    distinct = {s[1] for s in sched if s[0] != "duplicate"}
    got = set(recorded)
    if len(recorded) != len(got) or got != distinct:
        problems.append(f"donation_events holds {len(got)} of this run's ids "
                        f"({len(distinct - got)} missing, {len(got - distinct)} unknown); "
                        f"expected {len(distinct)}")
    by_kind = {k: {"rows": n, "sum_minor": s, "events": e, "gifts": d}
               for k, n, s, e, d in ledger}
    received = by_kind.get("received", {}).get("rows", 0)
    refunds = by_kind.get("refund", {}).get("rows", 0)
    n_done, n_ref = len(completed_refs), len(refunded_refs)
    if received != n_done:
        problems.append(f"{received} 'received' ledger rows for {n_done} completions")
    if refunds != n_ref:
        problems.append(f"{refunds} 'refund' ledger rows for {n_ref} refunds")
    other = sum(v["rows"] for k, v in by_kind.items() if k not in ("received", "refund"))
    if other:
        problems.append(f"{other} other ledger rows for this run's events")
    if twice:
        problems.append(f"{twice} events with more than one ledger row")
    want_sum = sum(gifts[g][2] for g in completed_refs)
    if by_kind.get("received", {}).get("sum_minor", 0) != want_sum:
        problems.append(f"received ledger total {by_kind.get('received', {}).get('sum_minor', 0)} "
                        f"!= {want_sum}, the gifts' amounts")
    refunded_set = {gifts[g][0] for g in refunded_refs}
    bad = {"missing": len(refs) - len(rows), "not completed": 0, "received rows != 1": 0,
           "refund rows wrong": 0, "refunded amount wrong": 0, "status wrong": 0}
    for ref, status, amount, refunded_minor, completed, n_recv, n_refund in rows:
        bad["not completed"] += not completed
        bad["received rows != 1"] += n_recv != 1
        if ref in refunded_set:
            bad["refund rows wrong"] += n_refund != 1
            bad["refunded amount wrong"] += refunded_minor != amount
            bad["status wrong"] += status != "refunded"
        else:
            bad["refund rows wrong"] += n_refund != 0
            bad["refunded amount wrong"] += refunded_minor != 0
            bad["status wrong"] += status != "completed"
    for what, n in bad.items():
        if n:
            problems.append(f"{n} gifts: {what}")
    if marked[0] != n_done or marked[1] != n_done:
        problems.append(f"{marked[0]} receipts queued ({marked[1]} gifts) for {n_done} completions")
    receipts = outbox.get("donation_receipt", 0)
    if receipts != n_done:
        problems.append(f"{receipts} donation_receipt emails in the outbox for {n_done} "
                        f"completions after waiting {waited:.1f} s for the receipt job")
    facts = {"events_recorded": len(got), "events_expected": len(distinct),
             "ledger": by_kind, "gifts_checked": len(rows), "receipts_queued": marked[0],
             "receipts_mailed": receipts, "receipt_wait_s": round(waited, 1),
             "outbox_new": outbox}
    return facts, problems


def read_gifts(path):
    gifts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 4:
                gifts.append((parts[0], parts[1], int(parts[2]), parts[3]))
    return gifts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--rate", type=float, default=500.0, help="events per second")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of events")
    ap.add_argument("--gifts", help="the seeded gifts (broadside-bench-seed --donations-out)")
    ap.add_argument("--secret", help="the webhook signing secret (whsec_...)")
    ap.add_argument("--dup-share", type=float, default=0.1, help="share of duplicate deliveries")
    ap.add_argument("--refund-share", type=float, default=0.1, help="share of charge.refunded")
    ap.add_argument("--lag", type=float, default=2.0,
                    help="seconds at least between an event and its refund or resend")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", help="the site's database file, to count what was applied")
    ap.add_argument("--before-outbox-id", type=int, default=0, help="max(mail_outbox.id) before")
    ap.add_argument("--reference-path", help="GET this path instead (the reference run)")
    ap.add_argument("--out", help="write the JSON report here")
    args = ap.parse_args()
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        ap.error("loopback only")
    if args.rate <= 0 or args.duration <= 0:
        ap.error("--rate and --duration must be positive")
    if not 0 <= args.dup_share + args.refund_share < 1:
        ap.error("--dup-share + --refund-share must be in [0, 1)")

    run_id = time.strftime("%H%M%S")
    if args.reference_path:
        n = int(round(args.rate * args.duration))
        sched = [("reference", "", b"", 0)] * n
        gifts = []
    else:
        if not args.gifts or not args.secret:
            ap.error("--gifts and --secret are required (or --reference-path)")
        gifts = read_gifts(args.gifts)
        sched = plan(args, gifts, run_id)
    record, wall = asyncio.run(run(args, sched))
    n = len(record)
    ms = [r["ms"] for r in record if "ms" in r]
    sent = sorted(r["sent"] for r in record if "sent" in r)
    span = (sent[-1] - sent[0]) if len(sent) > 1 else float("nan")
    rate = (len(sent) - 1) / span if len(sent) > 1 and span > 0 else float("nan")
    lags = [r["lag"] for r in record if "lag" in r]
    statuses, errors, kinds = {}, {}, {}
    for r in record:
        key = f"{r['kind']} {r.get('status', 'error')}"
        statuses[key] = statuses.get(key, 0) + 1
        kinds.setdefault(r["kind"], []).append(r.get("ms"))
        if "error" in r:
            errors[r["error"]] = errors.get(r["error"], 0) + 1
    by_second = {}
    for r in record:
        if "ms" in r:
            by_second.setdefault(int(r["sent"]), []).append(r["ms"])
    worst = sorted(by_second.items(), key=lambda kv: -percentile(kv[1], 99))[:3]
    not_200 = sum(1 for r in record if r.get("status") != 200)
    summary = {
        "requests": n, "run_id": run_id, "rate_per_s": rate, "wall_s": wall,
        "p50_ms": percentile(ms, 50), "p90_ms": percentile(ms, 90),
        "p99_ms": percentile(ms, 99), "max_ms": max(ms) if ms else float("nan"),
        "by_kind": {k: {"n": len(v), "p50_ms": percentile([x for x in v if x is not None], 50),
                        "p99_ms": percentile([x for x in v if x is not None], 99)}
                    for k, v in kinds.items()},
        "over_50ms": sum(1 for v in ms if v > 50),
        "max_schedule_lag_ms": max(lags) * 1000 if lags else float("nan"),
        "worst_seconds": [{"second": k, "n": len(v), "p99_ms": percentile(v, 99),
                           "max_ms": max(v)} for k, v in worst],
        "statuses": statuses, "errors": errors, "not_200": not_200,
    }
    who = "webhook_load" if not args.reference_path else "reference"
    what = "events" if not args.reference_path else f"GET {args.reference_path}"
    print(f"{who}: {n} {what} at {args.rate:g}/s for {args.duration:g}s, achieved "
          f"{rate:.1f}/s, max schedule lag {summary['max_schedule_lag_ms']:.1f} ms")
    print(f"{who}: latency p50 {summary['p50_ms']:.2f} ms, p90 {summary['p90_ms']:.2f} ms, "
          f"p99 {summary['p99_ms']:.2f} ms, max {summary['max_ms']:.1f} ms; "
          f"{summary['over_50ms']} over 50 ms")
    if not args.reference_path:
        print(f"{who}: by kind: " + ", ".join(
            f"{k} {v['n']} (p50 {v['p50_ms']:.2f} ms, p99 {v['p99_ms']:.2f} ms)"
            for k, v in sorted(summary["by_kind"].items())))
    print(f"{who}: slowest seconds: " + ", ".join(
        f"s{w['second']} ({w['n']} req, p99 {w['p99_ms']:.1f} ms, max {w['max_ms']:.0f} ms)"
        for w in summary["worst_seconds"]))
    print(f"{who}: replies: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    if errors:
        print(f"{who}: errors: " + "; ".join(f"{k} x{v}" for k, v in errors.items()))
    problems = [f"{not_200} requests not answered 200"] if not_200 else []
    if args.db and not args.reference_path:
        facts, db_problems = count_db(args.db, run_id, sched, gifts, args.before_outbox_id)
        summary["database"] = facts
        problems += db_problems
        led = facts["ledger"]
        print(f"{who}: database: {facts['events_recorded']} of {facts['events_expected']} distinct "
              f"event ids recorded once; ledger " + ", ".join(
                  f"{k} {v['rows']} rows ({v['gifts']} gifts, total {v['sum_minor']})"
                  for k, v in sorted(led.items())) +
              f"; {facts['gifts_checked']} gifts checked; "
              f"{facts['receipts_queued']} receipts queued, {facts['receipts_mailed']} in the "
              f"outbox {facts['receipt_wait_s']} s after the last event")
    summary["problems"] = problems
    if problems:
        print(f"{who}: PROBLEMS: " + "; ".join(problems))
    elif not args.reference_path:
        print(f"{who}: every event applied exactly once; duplicates answered 200, not applied")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"summary": summary, "requests": record}, f)
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
