"""Services of the documents area: one transaction each (permission, validation, change, audit)."""
