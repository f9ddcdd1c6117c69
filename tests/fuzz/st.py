"""`schemathesis` with one CPython 3.11 bug stepped around.

Python before 3.11.8 / 3.12.1 (Debian 12 ships 3.11.2) can raise `SystemError: AST
constructor recursion depth mismatch` from `ast.parse` (CPython gh-106905). Hypothesis calls
it only to print a lambda's source in a strategy's description, and schemathesis reports the
operation as errored, untested. Here such a lambda is described as unknown instead.
"""

import sys

from hypothesis.internal import lambda_sources

_describe = lambda_sources.lambda_description


def _lambda_description(f):
    try:
        return _describe(f)
    except SystemError:
        return "lambda: <unknown>"


lambda_sources.lambda_description = _lambda_description

from schemathesis.cli import schemathesis  # noqa: E402

if __name__ == "__main__":
    sys.argv[0] = "schemathesis"
    sys.exit(schemathesis())
