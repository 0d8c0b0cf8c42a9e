"""Versioned form templates (様式) with a stable current link, and online forms built by editors."""
