"""`python -m symphainy.cli`."""

from __future__ import annotations

from symphainy.cli import main

main()
