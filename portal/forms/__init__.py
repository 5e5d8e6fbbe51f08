"""WTForms of the core. Forms check syntax only; rules that need the database live in services."""
