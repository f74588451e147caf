#!/usr/bin/env python3
"""ChatEngine WebSocket load generator (see README.md beside this file).

  chatload.py provision --bin B --home H --agents N [--group-size G]     bench agents and channels
  chatload.py run --url http://127.0.0.1:P --chats N [--mode open|closed] [--rate R] [--duration S]
                  [--server-pid PID] [--bin B --home H] [--json results.jsonl]   one measurement
  chatload.py table results.jsonl                                          the runs as a table

A run opens N chats (a visitor and an agent WebSocket each) spread over --processes worker processes,
waits until all are set up, then sends messages: `open` at a fixed total rate (half from visitors, half
from agents) for --duration seconds, `closed` as fast as each chat's ping-pong allows. It prints (and
appends as JSON) chats, connections held, the server's RSS and CPU, messages/s delivered, latency
percentiles from each message's scheduled send time to its arrival on the other side, load average and
errors.
"""

import argparse
import json
import multiprocessing
import os
import queue
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from client import now  # noqa: E402
from provision import channel_ids, provision  # noqa: E402
from worker import raise_fd_limit, worker_main  # noqa: E402


# -- server metrics from /proc -------------------------------------------------------------------------

def rss_mb(pid: int | None) -> float | None:
    """VmRSS of `pid` in MB (None without a pid or once it is gone)."""
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int | None) -> float | None:
    """utime + stime of `pid` in seconds."""
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def load_average() -> list[float]:
    with open("/proc/loadavg") as loadavg:
        return [float(x) for x in loadavg.read().split()[:3]]


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


# -- one run ---------------------------------------------------------------------------------------------

def run(args) -> dict:
    limit = raise_fd_limit()
    processes = max(1, min(args.processes, args.chats))
    if args.chats * 2 // processes + 100 > limit:
        sys.exit(f"{args.chats} chats need about {args.chats * 2 // processes} sockets per process; "
                 f"the open-files limit is {limit}: use more --processes")
    with urllib.request.urlopen(args.url + "/health", timeout=10) as answer:
        assert answer.status == 200, f"{args.url}/health answered {answer.status}"

    channels = channel_ids(args.bin, args.home, args.chats, args.group_size) if args.group_size > 0 \
        else [None] * args.chats
    options = {"url": args.url, "chats": args.chats, "mode": args.mode, "rate": args.rate,
               "duration": args.duration, "password": args.password, "grace": args.grace,
               "setup_concurrency": args.setup_concurrency, "setup_timeout": args.setup_timeout,
               "heartbeat": args.heartbeat}
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    controls = [context.Queue() for _ in range(processes)]
    workers = []
    for w in range(processes):
        share = [(i, f"bench-{i + 1}", channels[i]) for i in range(w, args.chats, processes)]
        process = context.Process(target=worker_main, args=(options, w, share, controls[w], results), daemon=True)
        process.start()
        workers.append(process)

    report = {"label": args.label, "mode": args.mode, "chats": args.chats, "processes": processes,
              "rate_target": args.rate if args.mode == "open" else None, "duration": args.duration,
              "server_pid": args.server_pid, "rss_before_mb": rss_mb(args.server_pid)}
    setup_started = now()
    budget = args.setup_budget or 120 + args.chats * 0.5
    ready, setup_errors = collect(results, "ready", processes, timeout=budget, workers=workers)
    incomplete = bool(setup_errors)  # a worker timed out or failed: no measurement with part of the load
    report["setup_seconds"] = round(now() - setup_started, 1)
    report["chats_ready"] = sum(r["ready"] for r in ready)
    report["setup_errors"] = setup_errors
    samples = {}
    for r in ready:
        samples.update(r["samples"])
        for key, count in r["errors"].items():
            setup_errors[key] = setup_errors.get(key, 0) + count
    print(f"[{args.label}] {report['chats_ready']}/{args.chats} chats ready in {report['setup_seconds']} s"
          + (f"; setup errors: {setup_errors}" if setup_errors else ""), flush=True)
    if report["chats_ready"] == 0 or incomplete:
        for control in controls:
            control.put(None)
        finish(workers)
        report["errors"], report["error_samples"] = setup_errors, samples
        return report

    report["settle_seconds"] = settle(args.server_pid, args.settle)
    report["rss_connected_mb"] = rss_mb(args.server_pid)
    start = now() + 2.0  # time for every worker to be waiting on its schedule
    for control in controls:
        control.put(start)
    time.sleep(max(0.0, start - now()))
    cpu_start, peak = cpu_seconds(args.server_pid), report["rss_connected_mb"] or 0
    while now() < start + args.duration:
        time.sleep(0.5)
        peak = max(peak, rss_mb(args.server_pid) or 0)
    cpu_end = cpu_seconds(args.server_pid)
    report["loadavg"] = load_average()
    report["rss_peak_mb"] = peak or None
    report["server_cpu_cores"] = round((cpu_end - cpu_start) / args.duration, 2) if cpu_start is not None \
        and cpu_end is not None else None

    done, failures = collect(results, "done", processes, timeout=args.duration + args.grace + 120, workers=workers)
    report["rss_end_mb"] = rss_mb(args.server_pid)
    finish(workers)

    latencies = sorted(x for d in done for x in d["latencies"])
    lags = sorted(x for d in done for x in d["send_lag"])
    errors = dict(failures)
    closes = {}
    for d in done:
        samples.update(d["samples"])
        for key, count in d["errors"].items():
            errors[key] = errors.get(key, 0) + count
        for key, count in d["closes"].items():
            closes[key] = closes.get(key, 0) + count
    ms = lambda value: None if value is None else round(value * 1000, 2)  # noqa: E731
    report.update({
        "connections_held": sum(d["held"] for d in done),
        "sent": sum(d["sent"] for d in done),
        "delivered": len(latencies),
        "delivered_per_s": round(len(latencies) / args.duration, 1),
        "p50_ms": ms(percentile(latencies, 0.50)), "p99_ms": ms(percentile(latencies, 0.99)),
        "p999_ms": ms(percentile(latencies, 0.999)), "max_ms": ms(latencies[-1] if latencies else None),
        "undelivered": sum(d["undelivered"] for d in done),
        "duplicates": sum(d["duplicates"] for d in done),
        "errors": errors, "error_samples": samples, "closed_by_server": closes,
        "send_lag_p99_ms": ms(percentile(lags, 0.99)),
        "frames": {k: sum(d["frames"].get(k, 0) for d in done) for k in {k for d in done for k in d["frames"]}},
    })
    return report


def settle(pid: int | None, minimum: float, maximum: float = 120, idle_cores: float = 0.15) -> float:
    """Waits at least `minimum` s, then (with the server's pid) until it used under `idle_cores` of CPU for
    a whole second: frames queued while the chats were set up are out before the measurement starts."""
    began = now()
    time.sleep(minimum)
    while pid and now() - began < maximum:
        before = cpu_seconds(pid)
        time.sleep(1.0)
        after = cpu_seconds(pid)
        if before is None or after is None or after - before < idle_cores:
            break
    return round(now() - began, 1)


def collect(results, kind: str, count: int, timeout: float, workers) -> tuple[list[dict], dict]:
    """`count` messages of `kind` from the workers (a worker that failed counts, with its error)."""
    got, failures = [], {}
    deadline = now() + timeout
    while len(got) + len(failures) < count:
        try:
            what, payload = results.get(timeout=max(0.1, min(5.0, deadline - now())))
        except queue.Empty:
            if now() > deadline or not any(w.is_alive() for w in workers):
                failures[f"{kind}_timeout"] = count - len(got) - len(failures)
                break
            continue
        if what == kind:
            got.append(payload)
        elif what == "failed":
            failures[f"worker_failed:{payload['error'][:120]}"] = 1
    return got, failures


def finish(workers, timeout: float = 60) -> None:
    deadline = now() + timeout
    for process in workers:
        process.join(max(0.1, deadline - now()))
    for process in workers:
        if process.is_alive():
            process.terminate()
            process.join(5)


# -- output ----------------------------------------------------------------------------------------------

COLUMNS = [("label", "run", 14), ("mode", "mode", 6), ("chats_ready", "chats", 6), ("connections_held", "conns", 6),
           ("rate_target", "target/s", 8), ("delivered_per_s", "deliv/s", 8), ("p50_ms", "p50 ms", 7),
           ("p99_ms", "p99 ms", 7), ("p999_ms", "p99.9 ms", 8), ("max_ms", "max ms", 8),
           ("undelivered", "lost", 5), ("error_count", "errors", 6), ("rss_peak_mb", "RSS MB", 7),
           ("server_cpu_cores", "srv CPU", 7), ("load1", "load1", 5), ("send_lag_p99_ms", "genlag99", 8)]


def row(report: dict) -> str:
    values = dict(report)
    values["error_count"] = sum((report.get("errors") or {}).values()) + report.get("duplicates", 0)
    values["load1"] = (report.get("loadavg") or [None])[0]
    cells = []
    for key, _, width in COLUMNS:
        value = values.get(key)
        if isinstance(value, float):
            value = f"{value:.1f}" if value >= 100 else f"{value:.2f}"
        cells.append(str("-" if value is None else value).rjust(width))
    return " ".join(cells)


def header() -> str:
    return " ".join(title.rjust(width) for _, title, width in COLUMNS)


def table(path: str) -> None:
    with open(path) as lines:
        reports = [json.loads(line) for line in lines if line.strip()]
    print(header())
    for report in reports:
        print(row(report))
    for report in reports:
        problems = {**(report.get("errors") or {}), **{f"closed {k}": v for k, v in
                                                       (report.get("closed_by_server") or {}).items()}}
        if problems or report.get("duplicates"):
            print(f"  {report['label']}: errors {problems}, duplicates {report.get('duplicates', 0)}")
            for kind, message in (report.get("error_samples") or {}).items():
                print(f"    {kind}: {message}")


# -- command line ----------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("provision", help="create bench agents (and their groups/channels) with the CLI")
    p.add_argument("--bin", required=True)
    p.add_argument("--home", required=True)
    p.add_argument("--agents", type=int, required=True)
    p.add_argument("--group-size", type=int, default=10)
    p.add_argument("--password", default="bench-password")
    p.add_argument("--parallel", type=int, default=4)

    r = commands.add_parser("run", help="one measurement against a running server")
    r.add_argument("--url", required=True, help="e.g. http://127.0.0.1:8080")
    r.add_argument("--chats", type=int, required=True)
    r.add_argument("--mode", choices=("open", "closed"), default="open")
    r.add_argument("--rate", type=float, default=2000, help="open loop: messages per second in total")
    r.add_argument("--duration", type=float, default=30, help="seconds of sending")
    r.add_argument("--processes", type=int, default=2)
    r.add_argument("--server-pid", type=int)
    r.add_argument("--bin", help="chatengine binary (to look up the bench channels)")
    r.add_argument("--home", help="the server's home (to look up the bench channels)")
    r.add_argument("--group-size", type=int, default=10, help="as given to provision (0: default channel)")
    r.add_argument("--password", default="bench-password")
    r.add_argument("--setup-concurrency", type=int, default=16, help="chats set up at once per process")
    r.add_argument("--setup-timeout", type=float, default=120, help="seconds for one chat's setup")
    r.add_argument("--setup-budget", type=float, help="seconds for the whole setup (default 120 + chats/2)")
    r.add_argument("--grace", type=float, default=10, help="seconds to wait for messages still under way")
    r.add_argument("--settle", type=float, default=3,
                   help="seconds to wait after setup at least (then, with --server-pid, until the server idles)")
    r.add_argument("--heartbeat", type=float, default=20, help="seconds between heartbeats per connection (0: none)")
    r.add_argument("--label", default="run")
    r.add_argument("--json", help="append the report as one JSON line to this file")

    t = commands.add_parser("table", help="print the JSON lines of runs as a table")
    t.add_argument("path")

    args = parser.parse_args()
    if args.command == "provision":
        provision(args.bin, args.home, args.agents, args.group_size, args.password, args.parallel)
    elif args.command == "run":
        if args.group_size > 0 and not (args.bin and args.home):
            parser.error("--group-size > 0 needs --bin and --home to find the bench channels")
        report = run(args)
        print(header())
        print(row(report))
        print(json.dumps({k: v for k, v in report.items() if k != "frames"}, ensure_ascii=False))
        if args.json:
            with open(args.json, "a") as out:
                out.write(json.dumps(report, ensure_ascii=False) + "\n")
        if not report.get("delivered"):
            sys.exit(1)
    else:
        table(args.path)


if __name__ == "__main__":
    main()
