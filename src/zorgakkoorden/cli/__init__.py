"""The `zorgakkoorden` command line: one module per command, imported only when run."""
