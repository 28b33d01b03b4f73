#!/usr/bin/env python3
"""crosspoint-bench runs and reports what the issue asks for: one JSON object with the single-flow rate,
testpmd's, their ratio, ns per packet and 8K flows per lcore, and the path forwarded every packet it took in;
and the paced run's figures (rate, ratio to testpmd, ns per packet, 8K flows, and the pace stage's added
latency per packet, median and p99). It asserts no speed (speed belongs to the benchmark's own figures, not
to a test)."""
import json
import shutil
import subprocess
import sys

bench = sys.argv[1]
if shutil.which("dpdk-testpmd") is None:
    print("SKIP: dpdk-testpmd is not installed (Debian package dpdk)")
    sys.exit(77)
run = subprocess.run([bench, "--json", "--seconds", "1", "--rounds", "1"], capture_output=True, text=True,
                     timeout=120)
assert run.returncode == 0, run.stderr[-2000:]
result = json.loads(run.stdout)
for key in ("crosspoint_mpps", "testpmd_mpps", "ratio", "ns_per_packet", "flows_8k_per_lcore"):
    assert key in result, f"missing {key}: {result}"
    assert result[key] > 0, f"{key} is {result[key]}"
assert abs(result["ratio"] - result["crosspoint_mpps"] / result["testpmd_mpps"]) < 0.01, result
assert abs(result["ns_per_packet"] - 1000 / result["crosspoint_mpps"]) < 1, result
scenario = result["scenarios"][0]
assert scenario["drops"] == 0, scenario
# Everything taken in was sent out (the counters are read a moment apart: allow one burst per ms).
assert abs(scenario["output_wall_mpps"] - scenario["input_wall_mpps"]) < 0.05, scenario
for key in ("paced_mpps", "paced_ratio", "paced_ns_per_packet", "paced_flows_8k_per_lcore", "paced_hold_us_median",
            "paced_hold_us_p99"):
    assert key in result, f"missing {key}: {result}"
    assert result[key] > 0, f"{key} is {result[key]}"
assert result["paced_mode"] == "narrow", result
assert abs(result["paced_ratio"] - result["paced_mpps"] / result["testpmd_mpps"]) < 0.01, result
assert abs(result["paced_ns_per_packet"] - 1000 / result["paced_mpps"]) < 1, result
# A percentile is no less than the median (both read from one histogram).
assert result["paced_hold_us_p99"] >= result["paced_hold_us_median"], result
paced = [s for s in result["scenarios"] if s["pacing"] != "passthrough"]
assert len(paced) == 1 and paced[0]["flows"] == result["paced_flows"], result["scenarios"]
assert paced[0]["drops"] == 0, paced[0]
# Held packets, not lost ones: everything taken in was sent out, none pushed out early by a full queue.
assert paced[0]["overruns"] == 0, paced[0]
assert abs(paced[0]["output_wall_mpps"] - paced[0]["input_wall_mpps"]) < 0.05, paced[0]
for scenario in result["scenarios"]:
    assert "ratio" in scenario and scenario["ratio"] > 0, scenario
print(f"paced {result['paced_mode']}: {result['paced_mpps']} Mpps, ratio {result['paced_ratio']}, held median "
      f"{result['paced_hold_us_median']} us, p99 {result['paced_hold_us_p99']} us")
print(f"crosspoint {result['crosspoint_mpps']} Mpps, testpmd {result['testpmd_mpps']} Mpps, "
      f"ratio {result['ratio']} (one short round; see crosspoint-bench for figures)")
