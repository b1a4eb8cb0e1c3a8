#!/usr/bin/env python3
"""Checks of the monitoring profile's Prometheus for scripts/compose/ci-test.sh,
through its HTTP API (PROMETHEUS_URL, default http://127.0.0.1:9090; stdlib only).

  prometheus_check.py targets JOB=COUNT...
      Exit 0 when every active target is up and each JOB has exactly COUNT
      of them (one per replica: the jobs find them by DNS). Exit 3 otherwise
      (not yet discovered, not yet scraped, or down), printing what differs.
  prometheus_check.py query EXPR MIN
      Exit 0 when the instant query EXPR gives one value >= MIN. Exit 3
      otherwise (no series yet, or too small), printing the value.
Exit 2: Prometheus did not answer or answered an error.
"""
import json
import os
import sys
import urllib.parse
import urllib.request

BASE = os.environ.get("PROMETHEUS_URL", "http://127.0.0.1:9090").rstrip("/")


def api(path: str, **params) -> dict:
    url = f"{BASE}/api/v1/{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=5) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(f"{path}: {body.get('errorType')}: {body.get('error')}")
    return body["data"]


def targets(args) -> int:
    want = {job: int(count) for job, count in (a.split("=", 1) for a in args)}
    active = api("targets", state="active")["activeTargets"]
    up, problems = {}, []
    for target in active:
        job = target["labels"].get("job", "?")
        if target["health"] == "up":
            up[job] = up.get(job, 0) + 1
        else:
            problems.append(f"{job} {target['scrapeUrl']} {target['health']} {target.get('lastError', '')}".strip())
    for job in sorted(set(want) | set(up)):
        if up.get(job, 0) != want.get(job, 0):
            problems.append(f"{job}: {up.get(job, 0)} up, expected {want.get(job, 0)}")
    print(f"{len(active)} active targets, {sum(up.values())} up" + ("; " + "; ".join(problems) if problems else ""))
    return 3 if problems else 0


def query(args) -> int:
    expression, minimum = args[0], float(args[1])
    result = api("query", query=expression)["result"]
    values = [float(series["value"][1]) for series in result]
    print(f"{expression} = {values[0] if len(values) == 1 else values}")
    return 0 if len(values) == 1 and values[0] >= minimum else 3


def main() -> int:
    if len(sys.argv) < 3 or sys.argv[1] not in ("targets", "query"):
        print(__doc__, file=sys.stderr)
        return 64
    try:
        return (targets if sys.argv[1] == "targets" else query)(sys.argv[2:])
    except (OSError, ValueError, KeyError, RuntimeError) as error:
        print(f"prometheus at {BASE}: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
