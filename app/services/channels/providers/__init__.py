"""The chat and post providers: each reads its own webhook or API and sends through it."""
