"""Channels: a chatbot on WhatsApp, Telegram, Messenger and SMS registers and tracks complaints in
4 languages; e-mail and X mentions become tickets.

The channels module (services); its manifest is app/manifests/channels.py."""
