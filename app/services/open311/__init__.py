"""Open311 GeoReport v2 at /open311/v2/: services, requests and the clients' API keys.

The open311 module (services); its manifest is app/manifests/open311.py."""
