"""The read path of accounts: people found by the addresses they have confirmed."""

from allauth.account.models import EmailAddress


def verified_user(email):
    """The active person who has confirmed ``email``, or None."""
    addresses = EmailAddress.objects.filter(
        email__iexact=email.strip(), verified=True, user__is_active=True
    )
    address = addresses.select_related("user").first()
    return address.user if address else None


def verified_emails(user):
    """The addresses ``user`` has confirmed, in lower case."""
    return {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
