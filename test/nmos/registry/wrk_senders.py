#!/usr/bin/python3
"""Benchmark: requests/s and latency percentiles of GET /x-nmos/query/v1.3/senders with 1000 registered senders,
measured with wrk against registry_test_server (the default page, and the whole collection in one page).

usage: wrk_senders.py PATH/TO/registry_test_server [--threads N] [--duration S] [--connections N]
"""
import argparse
import http.client
import json
import pathlib
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from registry_api_test import Tree, sample_id, sender  # noqa: E402
from registry_client import RegistryProcess  # noqa: E402

SENDERS = 1000


def register_all(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    tree = Tree(family=0x77)
    resources = [r for r in tree.resources() if r[0] != "sender"]
    resources += [("sender", sender(sample_id(1000 + n, 0x77), tree.device, tree.flow, label=f"sender {n}"))
                  for n in range(1, SENDERS + 1)]
    for resource_type, data in resources:
        connection.request("POST", "/x-nmos/registration/v1.3/resource",
                           body=json.dumps({"type": resource_type, "data": data}),
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        if response.status != 201:
            raise RuntimeError(f"registering {resource_type} answered {response.status}")
    connection.close()


def run_wrk(url, args):
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency", url]
    print("$ " + " ".join(command), flush=True)
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    print(output, flush=True)
    return output


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("server")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--server-threads", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("skipped: wrk is not installed")
        return 77
    # No heartbeats here: a garbage collection interval of an hour keeps the node for the whole run.
    registry = RegistryProcess(args.server, "--threads", args.server_threads, "--paging-max", SENDERS,
                               "--gc-ms", 3600000)
    try:
        register_all(registry.port)
        base = f"http://127.0.0.1:{registry.port}/x-nmos/query/v1.3/senders"
        for url in [base, base + "?paging.limit=1000"]:
            path = url[url.index("/x-nmos"):]
            status, headers, body = registry.request("GET", path)
            print(f"GET {path}: {status}, {len(body)} senders per response", flush=True)
            run_wrk(url, args)
            if len(registry.request("GET", path)[2]) != len(body):
                raise RuntimeError("the registry changed during the run")
    finally:
        registry.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
