"""The checks a script test makes: each printed as it goes ("ok" or "FAILED" and what was checked), the
failures kept, and one verdict at the end.

  from checks import check, failures, verdict
  check(status == 200, "the node answers")
  sys.exit(verdict())

A sanitizer build (meson's b_sanitize, passed by test/meson.build) runs the data path several times slower: under
ASan the embedded default's SCHED_FIFO worker and replay threads take 1.8 of a 2-core machine's cores (measured:
94% and 81%), and still send late. The real-time figures (ST 2110-21 timing, how fast the default starts) are
the plain build's to prove, which runs the same tests: `timing_check` asserts them there and, in a sanitizer
build, prints what it measured without judging it.
"""
import os

failures = []
SANITIZED = os.environ.get("CROSSPOINT_SANITIZERS", "none") not in ("", "none")


def check(condition, what):
    print(("ok      " if condition else "FAILED  ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def timing_check(condition, what):
    if SANITIZED:
        print(f"timing  {what}: {'held' if condition else 'not held'} (sanitizer build: measured, not judged)", flush=True)
        return condition
    return check(condition, what)


def verdict():
    """Prints the failures (or that all passed) and returns the exit status: 1 on any failure."""
    print("FAILED: " + "; ".join(failures) if failures else "all checks passed")
    return 1 if failures else 0
