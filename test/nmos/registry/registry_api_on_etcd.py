#!/usr/bin/python3
"""The embedded registry's own API tests (registry_api_test.py: IS-04 registration, query, paging, downgrade, RQL,
subscriptions, expiry) run unchanged against registry members on a three-member etcd cluster, so one member of a
cluster behaves exactly as the embedded registry. Exits 77 (skipped) when etcd is not installed.

usage: registry_api_on_etcd.py PATH/TO/registry_test_server
"""
import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from etcd_cluster import EtcdCluster, binary_argument_or_exit  # noqa: E402

if __name__ == "__main__":
    server = binary_argument_or_exit(__doc__)
    cluster = EtcdCluster(3)
    try:
        environment = dict(os.environ, CROSSPOINT_REGISTRY_ETCD=",".join(cluster.endpoints))
        code = subprocess.run([sys.executable, str(HERE / "registry_api_test.py"), server],
                              env=environment).returncode
    finally:
        cluster.close()
    sys.exit(code)
