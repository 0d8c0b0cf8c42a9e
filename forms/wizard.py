"""Multi-step online forms: one wizard step per ステップ区切り, kept in the session."""
