"""Multi-step online forms: one wizard step per ステップ区切り, answers kept in the session until the last step."""

from django.core.exceptions import SuspiciousOperation
from formtools.wizard.views import SessionWizardView


class OnlineFormWizard(SessionWizardView):
    """django-formtools' session wizard over the steps an editor laid out on an OnlineFormPage."""

    page = None

    @classmethod
    def get_initkwargs(cls, *args, page=None, **kwargs):
        form_list = [(str(index), page.form_builder(fields).get_form_class()) for index, (_, fields) in enumerate(page.get_steps())]
        return super().get_initkwargs(form_list or [page.get_form_class()], *args, page=page, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        """One session slot per form page, so two forms open in two tabs don't mix answers."""
        return f"online_form_{self.page.pk}"

    def get_template_names(self):
        return [self.page.get_template(self.request)]

    def get_form_kwargs(self, step=None):
        return {"page": self.page, "user": self.request.user}

    def get_context_data(self, form, **kwargs):
        context = self.page.get_context(self.request)
        context.update(super().get_context_data(form=form, **kwargs))
        titles = [title for title, _ in self.page.get_steps()]
        context["step_titles"] = titles
        context["step_title"] = titles[self.steps.index] if titles else self.page.title
        return context

    def post(self, *args, **kwargs):
        """A step the form does not have (a tampered request) is refused with a 400, as formtools refuses a missing
        management form, and the answers kept so far stay in the session."""
        posted_step = self.request.POST.get(f"{self.prefix}-current_step")
        if posted_step is not None and posted_step not in self.get_form_list():
            raise SuspiciousOperation(f"オンラインフォーム {self.page.pk} に存在しないステップ {posted_step!r} が送信されました。")
        return super().post(*args, **kwargs)

    def render_goto_step(self, goto_step, **kwargs):
        """Going back keeps what was typed on the current step, even if it isn't complete yet."""
        current = self.get_form(data=self.request.POST, files=self.request.FILES)
        self.storage.set_step_data(self.steps.current, self.process_step(current))
        return super().render_goto_step(goto_step, **kwargs)

    def done(self, form_list, **kwargs):
        answers = {name: value for form in form_list for name, value in form.cleaned_data.items()}
        submission = self.page.save_submission(answers, self.request.user)
        return self.page.render_landing_page(self.request, submission)
