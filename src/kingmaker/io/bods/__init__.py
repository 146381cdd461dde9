"""The Beneficial Ownership Data Standard (BODS), in and out: one format, three read paths, one writer.

https://standard.openownership.org/en/0.4.0/ — statements about entities, persons and the relationships
between them. ``kingmaker load`` detects a BODS file and picks the read path itself:

=====================  ==============================================  ==================================
read path              when it is used                                 what it is tested against
=====================  ==============================================  ==================================
:mod:`.reader`         every BODS 0.4 file below 4 MB, any file the    Open Ownership's validator suite
(record by record)     SQL lane declines, ``kingmaker validate``,      (``corpora/bods-validity``), the
                       ``read`` for Python callers                     official examples, ``libcovebods``
:mod:`.sql_lane`       BODS 0.4 files of 4 MB or more, plain or gzip,  the record-by-record reader: both
(DuckDB, set-based)    JSON Lines or a JSON array                      stores equal, model for model, on
                       (``KINGMAKER_BODS_SQL_MIN_BYTES``;               every corpus file and a generated
                       ``KINGMAKER_BODS_SQL=0`` turns it off); it      file covering the mapping
                       *declines* (writes nothing) whenever the
                       reader would warn or reject
:mod:`.v03`            BODS 0.3 / 0.2 statements, upgraded to the      0.3 examples upgraded and read
(upgrade)              0.4 shape inside the reader                     through the reader
=====================  ==============================================  ==================================

:mod:`.writer` writes the store (or one actor's neighbourhood on a date) back as BODS 0.4 statements
that pass the schema (``libcovebods jsv``). The schema checks the read paths use live in
:mod:`kingmaker.jsonschema` (a compiled Python checker and the same check as one DuckDB SQL predicate).

How each interest type maps onto a relation kind is declared with the kinds
(:mod:`kingmaker.model.kinds`, ``bods:`` in ``relation_kinds.yaml``).
"""
