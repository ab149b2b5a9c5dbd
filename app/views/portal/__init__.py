"""The public portal: citizens report with photos and location, track, rate and pay.

The portal module (views); its manifest is app/manifests/portal.py."""
