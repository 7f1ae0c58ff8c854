"""Settings: one place that gathers each capability's defaults and checks.

Every capability module declares ``DEFAULTS`` (its ``FUKATSOFT_*`` settings)
and ``check_settings(settings)``, which only checks, and may declare
``normalize_settings(settings)``, which writes a checked value in the form
the build uses; :func:`configure` applies them with
``setdefault`` when Pelican is initialised, so a site's own values always win
and Pelican's ``DEFAULT_CONFIG`` is never touched. ``__init__`` hands it the
capabilities it wires, so no capability imports this module.
"""

from .checks import require_flag

DEFAULTS = {
    # Turn every data warning (bad metadata, bad snapshot rows, ...) into a
    # failed build: for CI pipelines that must not publish wrong figures.
    "FUKATSOFT_STRICT": False,
}


def configure(pelican, capabilities):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    for capability in capabilities:
        for key, value in capability.DEFAULTS.items():
            pelican.settings.setdefault(key, value)
    require_flag(pelican.settings, "FUKATSOFT_STRICT")
    for capability in capabilities:
        capability.check_settings(pelican.settings)
    # Once every value is known good: the forms the build uses.
    for capability in capabilities:
        if hasattr(capability, "normalize_settings"):
            capability.normalize_settings(pelican.settings)
