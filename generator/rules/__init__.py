"""The calculator's rules: data/ compiled into rules.json (`python -m generator.rules`); imports only data and links."""
