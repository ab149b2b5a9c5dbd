"""The domain's verbs: plain functions on models, no request objects."""
