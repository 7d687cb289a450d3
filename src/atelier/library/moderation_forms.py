"""Forms of the moderation pages: the three decisions a moderator takes on a resource."""

from django import forms
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 5000


class DecisionForm(forms.Form):
    """One decision; ``decision`` names the service verb, ``message`` what the contributor reads."""

    decision = ""
    message = forms.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.decision)
        super().__init__(*args, **kwargs)


class ApproveForm(DecisionForm):
    decision = "approve"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["message"]
        field.required = False
        field.label = _("Message to the contributor (optional)")


class RequestChangesForm(DecisionForm):
    decision = "changes"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["message"]
        field.label = _("What should the contributor change?")
        field.error_messages["required"] = _("Tell the contributor what to change.")


class RejectForm(DecisionForm):
    decision = "reject"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["message"]
        field.label = _("Reason for the rejection")
        field.help_text = _("The contributor reads this reason.")
        field.error_messages["required"] = _("Give the reason for the rejection.")


DECISION_FORMS = {form.decision: form for form in (ApproveForm, RequestChangesForm, RejectForm)}


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it withdrawn? (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
