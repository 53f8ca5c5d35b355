#!/usr/bin/env python3
"""Checks the hand-written expectations in cases.json against Python's Jinja2.

ChatTemplateTest renders the same cases with Jinjava. This script is the independent reference:
it renders each case the way transformers' apply_chat_template does (ImmutableSandboxedEnvironment,
trim_blocks and lstrip_blocks on, loopcontrols, raise_exception, strftime_now, json.dumps-style
tojson) and fails when an expectation disagrees with Jinja2.

Usage: python3 render_reference.py   (needs only jinja2 >= 3; run from any directory)
"""
import datetime
import json
import pathlib
import sys

from jinja2.exceptions import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = pathlib.Path(__file__).resolve().parent


def raise_exception(message):
    raise TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(format):
    return datetime.datetime.now().strftime(format)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def main():
    env = environment()
    cases = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
    failures = 0
    for case in cases:
        template = env.from_string((HERE / case["template"]).read_text(encoding="utf-8"))
        variables = dict(case.get("variables", {}))
        variables.update(
            messages=case["messages"],
            add_generation_prompt=case["add_generation_prompt"],
            bos_token=case["bos_token"],
            eos_token=case["eos_token"],
        )
        try:
            actual, error = template.render(**variables), None
        except TemplateError as e:
            actual, error = None, str(e)
        if "expected_error" in case:
            ok = error == case["expected_error"]
            got = "error " + repr(error) if error is not None else "output " + repr(actual)
            want = "error " + repr(case["expected_error"])
        else:
            ok = actual == case["expected"]
            got = "output " + repr(actual) if error is None else "error " + repr(error)
            want = "output " + repr(case["expected"])
        print(("ok    " if ok else "FAIL  ") + case["name"])
        if not ok:
            failures += 1
            print("      want " + want + "\n      got  " + got)
    print(f"{len(cases) - failures}/{len(cases)} cases agree with Jinja2")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
