"""Blueprints of the core. Views parse the request, call one service and render."""
