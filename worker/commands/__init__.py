"""One module per CLI command family; `worker.cli` loads them lazily."""
