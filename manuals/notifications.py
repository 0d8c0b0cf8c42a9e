"""Tell the owning section's reviewers that a manual awaits their approval; Wagtail's own notifier only knows
group approval tasks, so without this nobody would hear of a submitted manual."""

from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import TaskState
from wagtail.signals import task_submitted

from .models import SectionApprovalTask


class SectionApprovalSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Mails the approvers of the section that owns the submitted revision (those who opted out are skipped)."""

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, TaskState) and isinstance(instance.task.specific, SectionApprovalTask)

    def get_recipient_users(self, task_state, **kwargs):
        task = task_state.task.specific
        recipients = task.approvers(task.section_of(task_state.revision))
        if kwargs.get("user") is not None:
            recipients = recipients.exclude(pk=kwargs["user"].pk)
        return recipients


# Module-level, because signals hold their receivers only weakly.
submission_notifier = SectionApprovalSubmissionNotifier()


def register():
    task_submitted.connect(submission_notifier, sender=TaskState, dispatch_uid="manuals_section_approval_submitted")
