"""Forms for a person's own profile and account."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from atelier.core.languages import language_choices
from atelier.core.models import Theme

from .avatars import clean_avatar
from .models import User


class ProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=language_choices,
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Interests"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        help_text=_("A JPEG, PNG or WebP picture. It is resized to 512 pixels."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove the current avatar"), required=False)
    country = LazyTypedChoiceField(
        label=_("Country"), choices=[("", "—"), *countries], required=False
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "country",
            "organisation",
            "languages",
            "interests",
            "bio",
            "preferred_language",
            "is_public",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5, "maxlength": 1000})}

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        return clean_avatar(upload)

    def clean(self):
        cleaned_data = super().clean()
        # Without a display name, others would see a name made from the e-mail address.
        name = cleaned_data.get("display_name")
        if cleaned_data.get("is_public") and name is not None and not name.strip():
            self.add_error("display_name", _("Give a display name to make your profile public."))
        return cleaned_data

    def profile_data(self):
        return {
            field: self.cleaned_data[field] for field in self.Meta.fields if field != "interests"
        }


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my personal data will be erased and cannot be recovered."),
    )
