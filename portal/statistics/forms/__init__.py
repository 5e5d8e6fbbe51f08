"""Forms of the statistics area (syntax only; rules live in the services)."""
