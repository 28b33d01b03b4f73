#!/usr/bin/env python3
"""crosspoint-bench runs and reports what the issue asks for: one JSON object with the single-flow rate,
testpmd's, their ratio, ns per packet and 8K flows per lcore, and the path forwarded every packet it took in.
It asserts no speed (speed belongs to the benchmark's own figures, not to a test)."""
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
print(f"crosspoint {result['crosspoint_mpps']} Mpps, testpmd {result['testpmd_mpps']} Mpps, "
      f"ratio {result['ratio']} (one short round; see crosspoint-bench for figures)")
