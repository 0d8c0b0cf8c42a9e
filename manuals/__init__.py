"""Work manuals (業務マニュアル) for centre staff only: own app because they are internal, go through the owning section's approval workflow and are exported as a set every September."""
