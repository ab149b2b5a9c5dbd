"""Post office: counter booking, S10 numbers, OTP hand-over, the postman's page.

The postal module (services); its manifest is app/manifests/postal.py."""
