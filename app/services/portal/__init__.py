"""The public portal: citizens report with photos and location, track, rate and pay.

The portal module (services); its manifest is app/manifests/portal.py."""
