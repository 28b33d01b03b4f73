"""The checks a script test makes: each printed as it goes ("ok" or "FAILED" and what was checked), the
failures kept, and one verdict at the end.

  from checks import check, failures, verdict
  check(status == 200, "the node answers")
  sys.exit(verdict())
"""
failures = []


def check(condition, what):
    print(("ok      " if condition else "FAILED  ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def verdict():
    """Prints the failures (or that all passed) and returns the exit status: 1 on any failure."""
    print("FAILED: " + "; ".join(failures) if failures else "all checks passed")
    return 1 if failures else 0
