"""``python -m coopnet`` runs the command-line interface."""

from coopnet.cli import main

raise SystemExit(main())
