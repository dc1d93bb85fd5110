"""The query layer: the named SPARQL catalogue, name resolution and result formats.

    >>> import zorgakkoorden
    >>> kg = zorgakkoorden.load()
    >>> rows = kg.query("overlap", a="IZA", b="GALA", lang="en")
    >>> rows.vars, len(rows)
    >>> print(rows.serialize_as("md"))

Modules: :mod:`.catalogue` (the ``queries/*.rq`` files, preparing and running them),
:mod:`.names` (an abbreviation, label or IRI to exactly one entity), :mod:`.results`
(typed rows, the formats table, csv, tsv, json, md and xml, a pandas DataFrame).
"""
