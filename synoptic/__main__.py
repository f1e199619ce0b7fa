"""`python -m synoptic` runs the command line."""

from synoptic.present.cli import main

main()
