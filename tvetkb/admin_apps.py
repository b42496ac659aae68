from django.contrib.admin.apps import AdminConfig


class TwoFactorAdminConfig(AdminConfig):
    """django.contrib.admin with tvetkb's two-factor site as `admin.site`."""

    default_site = "tvetkb.admin_site.TwoFactorAdminSite"
