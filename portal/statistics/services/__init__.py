"""Services of the statistics area: one transaction per public function."""
