"""Which provider serves which channel: the one place that names every provider module."""

from app.services.channels.providers import mail, messenger, telegram, twilio_sms, whatsapp, x

# Chat channels: each provider's module reads its messages (incoming), fetches their media
# (fetch_media) and names the sender (contact).
CHATS = {"whatsapp": whatsapp, "telegram": telegram, "messenger": messenger, "sms": twilio_sms}
# Channels whose messages are posts, not chats: each module's handle() makes or finds a ticket.
POSTS = {"email": mail, "x": x}
# Channels whose provider has an API of its own: the module whose send() the outbox uses.
PROVIDERS = {"whatsapp": whatsapp, "telegram": telegram, "messenger": messenger, "x": x}
