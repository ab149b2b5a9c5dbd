"""One manifest per module; app/modules.py discovers them."""
