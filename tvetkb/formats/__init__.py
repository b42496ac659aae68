"""The site's own date and number formats where Django's differ from what
the site writes (FORMAT_MODULE_PATH); every other language uses Django's."""
