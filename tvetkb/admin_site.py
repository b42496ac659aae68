"""The admin site: staff sign in with a password and a one-time code from a
registered TOTP device (django-otp); failed sign-ins are locked out per
username and address by django-axes (see settings)."""

from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class TwoFactorAuthenticationForm(OTPAdminAuthenticationForm):
    """Password and code on one screen: with a single device, the code is
    checked against it without asking which device (the form only offers the
    choice after a first submission)."""

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True, for_verify=True))
            if len(devices) == 1:
                device = devices[0]
        return device


class TwoFactorAdminSite(OTPAdminSite):
    """OTPAdminSite under the usual name, so `admin:` URLs keep working."""

    login_form = TwoFactorAuthenticationForm

    def __init__(self, name="admin"):
        super().__init__(name)
