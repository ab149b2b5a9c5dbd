"""Post office: counter booking, S10 numbers, OTP hand-over, the postman's page.

The postal module (views); its manifest is app/manifests/postal.py."""
