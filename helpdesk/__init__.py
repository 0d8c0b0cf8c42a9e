"""Helpdesk inquiries and reports: own app because inquiry logging, escalation and KPI reporting are a capability of their own, used by agents rather than readers."""
