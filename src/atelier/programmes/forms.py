"""Forms of programmes: list filters, team roles, import uploads."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from atelier.core.models import Theme

from .importer import SUPPORTED_EXTENSIONS, max_rows
from .models import FundingProgramme, Status
from .services import TEAM_ROLES

IMPORT_MAX_BYTES = getattr(settings, "ATELIER_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


class ProgrammeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    funding = forms.ChoiceField(label=_("Funding programme"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    country = forms.ChoiceField(label=_("Partner country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding"].choices = [("", _("All funding programmes"))] + list(
            FundingProgramme.choices
        )
        self.fields["status"].choices = [("", _("Any status"))] + list(Status.choices)
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (t.slug, t.label) for t in Theme.objects.all()
        ]
        self.fields["country"].choices = [("", _("All countries"))] + list(countries)

    def filters(self):
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class TeamRoleForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the member"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from atelier.accounts.roles import Role

        self.fields["role"].choices = [(r.value, Role(r).label) for r in TEAM_ROLES]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        user = get_user_model().objects.filter(email=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Nobody on Atelier has this e-mail address. Ask them to sign up first.")
            )
        self.user = user
        return email


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Projects export"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xls,.xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The Commission's “Projects Overview” export as .xls, .xlsx or .csv, with at most "
            "%(rows)s projects (rows) and %(size)s. You will see what changes before anything "
            "is saved."
        ) % {
            "rows": number_format(max_rows(), force_grouping=True),
            "size": filesizeformat(IMPORT_MAX_BYTES),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s). The limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(IMPORT_MAX_BYTES)}
            )
        name = upload.name.lower()
        if not name.endswith(SUPPORTED_EXTENSIONS):
            raise forms.ValidationError(_("Upload an .xls, .xlsx or .csv file."))
        head = upload.read(8)
        upload.seek(0)
        # Sniff the content, not the name: OLE2 (.xls), ZIP (.xlsx), or text (.csv).
        if name.endswith(".xls") and not head.startswith(b"\xd0\xcf\x11\xe0"):
            raise forms.ValidationError(_("This file is not an .xls spreadsheet."))
        if name.endswith(".xlsx") and not head.startswith(b"PK"):
            raise forms.ValidationError(_("This file is not an .xlsx spreadsheet."))
        if name.endswith(".csv") and b"\x00" in head:
            raise forms.ValidationError(_("This file is not a CSV text file."))
        return upload
