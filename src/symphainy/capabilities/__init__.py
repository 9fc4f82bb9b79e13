"""Capabilities: each package registers its intents with an IntentRegistry."""
