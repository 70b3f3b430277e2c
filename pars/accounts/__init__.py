"""Users' roles and which practices they may see (practice scope is enforced everywhere)."""
