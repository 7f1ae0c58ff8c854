"""Installed by the wheel as ``pelican.plugins.fukatsoft``.

Pelican loads every namespace plugin when a site leaves ``PLUGINS`` unset;
this shim lets it find pelican-fukatsoft that way too.
"""

from pelican_fukatsoft import get_theme_path, register

__all__ = ["get_theme_path", "register"]
