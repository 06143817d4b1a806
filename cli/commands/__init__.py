"""One module per CLI command family; `targetwatch.cli.main` loads them lazily."""
