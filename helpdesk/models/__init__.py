"""The helpdesk's records; one module per kind (the inquiry and its history, escalations, deflections, each
centre's settings)."""

from .centre import AnswerTemplate, HelpdeskPolicy
from .deflection import Deflection
from .escalation import Escalation
from .inquiry import (
    Inquiry,
    InquiryAdjustment,
    InquiryReference,
    InquiryTransition,
    ReferenceCounter,
    format_reference,
    reference_prefix,
)

__all__ = [
    "AnswerTemplate",
    "Deflection",
    "Escalation",
    "HelpdeskPolicy",
    "Inquiry",
    "InquiryAdjustment",
    "InquiryReference",
    "InquiryTransition",
    "ReferenceCounter",
    "format_reference",
    "reference_prefix",
]
