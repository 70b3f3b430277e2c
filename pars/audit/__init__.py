"""Audit trail: one event per audited action, written by the action itself."""
