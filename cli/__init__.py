"""The `targetwatch` command line: `main.py` dispatches, `commands/` holds one module per group."""
