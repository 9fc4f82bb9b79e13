"""Content capability: ingest, save, parse and embed files."""
