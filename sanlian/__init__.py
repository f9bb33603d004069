"""三联看板: the logic behind the Shixing County 三联四促 dashboard (no page code here)."""
