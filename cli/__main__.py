"""`python -m targetwatch.cli` runs the command line, as the console script does."""
from targetwatch.cli.main import main

main()
