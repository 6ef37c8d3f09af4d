"""Profiles, credentials and where they live. No Textual here: the CLI and the TUI share it.

Secrets live only in the OS keyring (:mod:`.keystore`); other settings in
``config.toml`` (:mod:`.settings`); :func:`resolve_config` combines flags, ``OVH_*``
variables, the profile and python-ovh's ``ovh.conf`` (see :mod:`.resolve` for the order).
"""

from .errors import ConfigError, MissingCredentials, MixedSchemes, ProfileNotFound
from .keystore import (
    SECRET_FIELDS,
    SERVICE,
    KeyringState,
    KeyringStatus,
    KeyringUnavailable,
    SecretStore,
    backend_name,
    keyring_status,
)
from .login import (
    LoginResult,
    NotValidated,
    PendingLogin,
    request_consumer_key,
    save_login,
    verify_application,
    verify_oauth2,
    wait_for_validation,
)
from .ovhconf import OvhConf, load_ovh_conf
from .paths import CONFIG_ENV_VAR, config_path, ovh_conf_paths
from .redact import describe_permission_error, redact
from .resolve import ENV_VARS, Origin, Overrides, ResolvedConfig, resolve_config
from .settings import DEFAULT_PROFILE, ConfigFile, ProfileSettings, load_config, save_config, validate_profile_name

__all__ = [
    "CONFIG_ENV_VAR",
    "DEFAULT_PROFILE",
    "ENV_VARS",
    "SECRET_FIELDS",
    "SERVICE",
    "ConfigError",
    "ConfigFile",
    "KeyringState",
    "KeyringStatus",
    "KeyringUnavailable",
    "LoginResult",
    "MissingCredentials",
    "MixedSchemes",
    "NotValidated",
    "Origin",
    "Overrides",
    "OvhConf",
    "PendingLogin",
    "ProfileNotFound",
    "ProfileSettings",
    "ResolvedConfig",
    "SecretStore",
    "backend_name",
    "config_path",
    "describe_permission_error",
    "keyring_status",
    "load_config",
    "load_ovh_conf",
    "ovh_conf_paths",
    "redact",
    "request_consumer_key",
    "resolve_config",
    "save_config",
    "save_login",
    "validate_profile_name",
    "verify_application",
    "verify_oauth2",
    "wait_for_validation",
]
