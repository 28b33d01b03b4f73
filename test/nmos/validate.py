#!/usr/bin/python3
"""Validates JSON documents against the AMWA IS-04 v1.3 schemas (JSON Schema draft-04).

  validate.py SCHEMA < document.json          one document; exit 0 when valid, 1 with the reason when not
  validate.py --batch < [{"schema": S, "document": D}, ...]
                                              prints a JSON array of null (valid) or reason; exit 0 if all valid
Schemas are read from $CROSSPOINT_SCHEMA_DIR, else from the unmodified AMWA copies in the tree
(nmos/schemas/is-04-v1.3), so the tests run from a clone; $refs resolve relative to that folder. A name with a
folder ("is-05-v1.1/sender-response-schema.json") is read from that folder of nmos/schemas instead.
"""
import json
import os
import pathlib
import sys

import jsonschema

ALL_SCHEMAS = pathlib.Path(__file__).resolve().parent.parent.parent / "nmos" / "schemas"
SCHEMA_DIR = pathlib.Path(os.environ.get("CROSSPOINT_SCHEMA_DIR", str(ALL_SCHEMAS / "is-04-v1.3")))


def validator_for(name, cache={}):
    if name not in cache:
        path = ALL_SCHEMAS / name if "/" in name else SCHEMA_DIR / name
        schema = json.loads(path.read_text())
        resolver = jsonschema.RefResolver(base_uri=path.parent.resolve().as_uri() + "/", referrer=schema)
        cache[name] = jsonschema.Draft4Validator(schema, resolver=resolver, format_checker=jsonschema.FormatChecker())
    return cache[name]


def violation(name, document):
    errors = sorted(validator_for(name).iter_errors(document), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    best = jsonschema.exceptions.best_match(errors)
    where = "/".join(str(p) for p in best.absolute_path) or "(root)"
    return f"{name}: at {where}: {best.message[:300]}"


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--batch":
        items = json.load(sys.stdin)
        results = [violation(item["schema"], item["document"]) for item in items]
        json.dump(results, sys.stdout)
        return 0 if all(r is None for r in results) else 1
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    reason = violation(sys.argv[1], json.load(sys.stdin))
    if reason:
        print(reason)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
