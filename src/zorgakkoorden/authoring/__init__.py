"""Authoring tables: analysts add facts from a spreadsheet (``zorgakkoorden table``).

- :mod:`.tables`: the sheets and columns, read from and written to .xlsx or CSV files;
- :mod:`.vocabulary`: the classes and properties a table may name, from the ontology;
- :mod:`.importer`: rows to Turtle in the project's own form, every problem with its row and column;
- :mod:`.exporter`: the graph (or one framework's part) as tables, and the template's vocabulary.
"""
