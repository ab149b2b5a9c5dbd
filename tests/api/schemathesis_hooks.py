"""Loaded into the schemathesis run of test_schema_fuzz.py (SCHEMATHESIS_HOOKS).

On CPython 3.11 (3.11.7 here), `ast.parse` sometimes fails with "SystemError: AST constructor
recursion depth mismatch" when Hypothesis parses a module's source to describe one of
schemathesis' lambdas in a strategy's repr; the run then ends with an error that says nothing
about our API. A lambda's description is only a label: that one failure gets Hypothesis' own
"<unknown>" label instead."""

from hypothesis.internal import lambda_sources

_describe = lambda_sources._lambda_description


def _described(f, *args, **kwargs):
    try:
        return _describe(f, *args, **kwargs)
    except SystemError as error:
        if "recursion depth mismatch" not in str(error):
            raise
        return "lambda: <unknown>"


lambda_sources._lambda_description = _described
