"""`python -m ui.cli`: the same as the `roster` console command."""

from ui.cli import main

main()
