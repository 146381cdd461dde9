"""JSON Schema checking for large inputs: not a format, the machinery the BODS readers use.

* :mod:`.checker` — :class:`~kingmaker.jsonschema.checker.FastSchemaSet`, the keywords of JSON Schema
  2020-12 that the BODS 0.4 schema uses, compiled once into closures (tens of µs a statement); a yes/no
  fast path and a precise mode that names every failing field.
* :mod:`.sql` — the same yes/no check compiled into one DuckDB SQL predicate, TRUE only where the Python
  checker accepts (differential tests on the BODS corpora, mutations and small schemas).

The conformance oracle for both is ``libcovebods jsv`` (Open Ownership's own validator).
"""
