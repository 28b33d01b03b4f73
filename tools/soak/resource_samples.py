"""What the soak records about the daemon over time, and how it judges growth.

A sample reads the process from /proc (resident memory, open descriptors, threads) and the daemon's /metrics
(mbufs in use, HTTP connections and WebSockets open, and the error counters: HTTP 5xx responses, refusals,
packets dropped for want of an mbuf). Growth is judged after the warm-up: the lowest value of the last quarter
of the samples against the highest of the first quarter, so noise (a replay burst, a GC of the allocator)
passes while anything that keeps climbing fails.
"""
import os
import time
import urllib.request

# The resources judged for growth (keys of a sample).
TRACKED = ("rss_mb", "fds", "threads", "mbufs")


def parse_exposition(text):
    """'name{labels}' -> float for every sample line of a Prometheus text exposition."""
    values = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            values[name] = float(value)
    return values


def scrape(base_url, timeout=10):
    with urllib.request.urlopen(base_url + "/metrics", timeout=timeout) as response:
        return parse_exposition(response.read().decode())


def error_counts(metrics):
    """The daemon's own error counters, summed by kind."""
    def total(prefix, condition=lambda name: True):
        return sum(v for k, v in metrics.items() if k.startswith(prefix) and condition(k))
    return {
        "http_5xx": total("crosspoint_http_responses_total{", lambda k: 'code="5' in k),
        "http_refused": total("crosspoint_http_refused_total{"),
        "mempool_exhausted": total("crosspoint_", lambda k: "_dropped_packets_total{" in k and 'reason="mempool_exhausted"' in k),
    }


def read_process(pid):
    status = {}
    with open(f"/proc/{pid}/status") as file:
        for line in file:
            key, _, value = line.partition(":")
            status[key] = value.strip()
    return {
        "rss_mb": int(status["VmRSS"].split()[0]) / 1024,
        "threads": int(status["Threads"]),
        "fds": len(os.listdir(f"/proc/{pid}/fd")),
    }


def take_sample(pid, base_url, started):
    sample = {"t": round(time.monotonic() - started, 1)}
    sample.update(read_process(pid))
    metrics = scrape(base_url)
    sample["mbufs"] = int(metrics.get("crosspoint_engine_mbufs_in_use", -1))
    sample["http_open"] = int(metrics.get("crosspoint_http_connections_open", 0))
    sample["ws_open"] = int(metrics.get("crosspoint_http_websockets_open", 0))
    sample["http_requests"] = int(metrics.get("crosspoint_http_requests_total", 0))
    sample["route_landings"] = int(sum(v for k, v in metrics.items()
                                       if k.startswith("crosspoint_output_route_landings_total{")))
    sample.update({key: int(value) for key, value in error_counts(metrics).items()})
    return sample


def judge_growth(samples, warmup_s, tolerances):
    """Per tracked resource: baseline, end, growth, tolerance and whether it passed; None when the run was too
    short after the warm-up to judge (fewer than 4 samples)."""
    settled = [s for s in samples if s["t"] >= warmup_s and not s.get("after_load")]
    if len(settled) < 4:
        return None
    quarter = max(1, len(settled) // 4)
    verdicts = {}
    for key in TRACKED:
        baseline = max(s[key] for s in settled[:quarter])
        end = min(s[key] for s in settled[-quarter:])
        growth = end - baseline
        verdicts[key] = {"baseline": baseline, "end": end, "growth": growth, "tolerance": tolerances[key],
                         "passed": growth <= tolerances[key]}
    return verdicts


def format_table(samples):
    columns = [("t", "t s", "{:>6.0f}"), ("rss_mb", "RSS MB", "{:>7.1f}"), ("fds", "fds", "{:>5}"),
               ("threads", "thr", "{:>4}"), ("mbufs", "mbufs", "{:>6}"), ("http_open", "conns", "{:>6}"),
               ("ws_open", "ws", "{:>4}"), ("http_requests", "requests", "{:>9}"),
               ("route_landings", "landings", "{:>9}"), ("http_5xx", "5xx", "{:>4}"),
               ("http_refused", "refused", "{:>8}"), ("mempool_exhausted", "no-mbuf", "{:>8}")]
    header = " ".join(f"{title:>{len(fmt.format(0))}}" for _, title, fmt in columns)
    lines = [header]
    for sample in samples:
        lines.append(" ".join(fmt.format(sample[key]) for key, _, fmt in columns))
    return "\n".join(lines)
