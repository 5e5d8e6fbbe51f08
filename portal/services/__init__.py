"""Services of the core: each public function is one transaction (see STYLE.md, rule 7)."""
