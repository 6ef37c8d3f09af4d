"""Errors of the configuration layer.

They subclass :class:`efs_tui.api.errors.InvalidConfiguration` so that code which
already catches the API's configuration error (the app's start-up, the CLI) also
catches ours; each carries a message written for the person at the keyboard, never
a secret.
"""

from __future__ import annotations

from efs_tui.api.errors import InvalidConfiguration


class ConfigError(InvalidConfiguration):
    """The configuration (flags, environment, config file, ovh.conf) cannot be used as it is."""

    title = "Configuration error"


class MixedSchemes(ConfigError):
    """One source gives both an application key and an OAuth2 client id (python-ovh refuses it too)."""

    title = "Two authentication schemes at once"


class MissingCredentials(ConfigError):
    """No source gives usable credentials: the app shows onboarding, the CLI suggests ``efs-tui login``."""

    title = "No credentials"


class ProfileNotFound(ConfigError):
    """``--profile NAME`` names a profile that the config file does not have."""

    title = "Unknown profile"
