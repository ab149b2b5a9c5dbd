"""Fees and cash on delivery paid by UPI QR code, confirmed by the provider's callback.

The payments module (views); its manifest is app/manifests/payments.py."""
