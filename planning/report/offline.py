"""Folium maps that work without internet: Leaflet's JS/CSS are inlined from the local install.

Folium links Leaflet, jQuery, Bootstrap and Font Awesome from CDNs by default. Police networks
often have no internet, so every map here is rendered with those links removed and Leaflet
(installed from the npm registry into ``vendor/node_modules`` by ``make setup``) inlined into the
page; Leaflet's few images are inlined as data URIs. The same HTML serves the app (in a component
iframe) and the exported standalone map file.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import Any

import folium
from branca.colormap import ColorMap
from branca.element import Element

from planning.errors import InputError, error

VENDOR_DIR = Path(__file__).resolve().parents[2] / "vendor" / "node_modules"
LEAFLET_DIST = VENDOR_DIR / "leaflet" / "dist"
#: Assets folium elements may ask for, by folium's own name, and whether we can serve them.
SUPPORTED_JS = {"leaflet"}
SUPPORTED_CSS = {"leaflet_css"}
#: Folium's decorative extras that the maps here do not use (markers are drawn as circles).
DROPPED = {
    "jquery",
    "bootstrap",
    "awesome_markers",
    "bootstrap_css",
    "glyphicons_css",
    "awesome_markers_font_css",
    "awesome_markers_css",
    "awesome_rotate_css",
}


class OfflineAssetsMissing(InputError):  # noqa: N818 (public name)
    """Leaflet is not installed locally: say what is missing and the command that installs it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            [
                error(
                    f"Chưa cài Leaflet (thư viện vẽ bản đồ): thiếu tệp {path}.",
                    f"Leaflet (the map library) is not installed: {path} is missing.",
                    file=str(path),
                    fix_vi="Trong thư mục của công cụ, chạy `make setup` (cài Leaflet từ npm vào "
                    "vendor/node_modules), rồi tải lại trang.",
                    fix_en="In the tool's folder, run `make setup` (installs Leaflet from npm "
                    "into vendor/node_modules), then reload the page.",
                )
            ]
        )


def _leaflet_text(name: str) -> str:
    """A file of the local Leaflet install (``leaflet.js``, ``leaflet.css``)."""
    path = LEAFLET_DIST / name
    if not path.is_file():
        raise OfflineAssetsMissing(path)
    return path.read_text("utf-8")


@cache
def _leaflet_js() -> str:
    return _leaflet_text("leaflet.js")


@cache
def _leaflet_css() -> str:
    css = _leaflet_text("leaflet.css")

    def inline(match: re.Match[str]) -> str:
        image = LEAFLET_DIST / match.group(1)
        if not image.is_file():
            return "none"
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[^)]+\.png)\)", inline, css)


def _walk(element: Any) -> list[Any]:
    found = [element]
    for child in getattr(element, "_children", {}).values():
        found.extend(_walk(child))
    return found


def _replace_links(fmap: folium.Map, local: dict[str, str] | None) -> None:
    """Replace every CDN link by the local URL of the same asset (or drop it when ``local`` is
    None: the asset is inlined); refuse elements that need assets we do not ship."""
    for element in _walk(fmap):
        for attr, supported in (("default_js", SUPPORTED_JS), ("default_css", SUPPORTED_CSS)):
            links = getattr(element, attr, None)
            if not links:
                continue
            unknown = [name for name, _ in links if name not in supported | DROPPED]
            if unknown:
                raise ValueError(f"map element needs assets not available offline: {unknown}")
            kept = [] if local is None else [(n, local[n]) for n, _ in links if n in supported]
            setattr(element, attr, kept)


def _strip_links(fmap: folium.Map) -> None:
    """Remove every CDN link; refuse elements that need assets we do not ship."""
    _replace_links(fmap, None)


#: Where Leaflet goes in the page (put in after rendering: as part of a template, Jinja would
#: parse Leaflet's 150 kB on every map).
_LEAFLET_SLOT = "<!-- leaflet inlined here -->"


def offline_html(fmap: folium.Map) -> str:
    """The full HTML page of a folium map with Leaflet inlined and no external request."""
    _strip_links(fmap)
    root: Any = fmap.get_root()
    root.header.add_child(Element(_LEAFLET_SLOT), name="leaflet_inline", index=0)
    html: str = root.render()
    leaflet = f"<style>{_leaflet_css()}</style><script>{_leaflet_js()}</script>"
    return html.replace(_LEAFLET_SLOT, leaflet, 1)


EXTERNAL_URL = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']?(?:https?:)?//[^"'\s>]*"""
    r"""|url\(\s*["']?(?:https?:)?//[^)]*\)""",
    re.IGNORECASE,
)


def external_references(html: str) -> list[str]:
    """Resources (scripts, styles, images) the page would fetch from off the machine.

    Plain links a person may click (Leaflet's attribution) are not fetched and not listed.
    """
    return [m.group(0) for m in EXTERNAL_URL.finditer(html)]


#: Where the app serves Leaflet (Streamlit static serving of ``static/``; ``make setup`` copies
#: ``vendor/node_modules/leaflet/dist`` to ``static/leaflet``).
LOCAL_LEAFLET_URL = "/app/static/leaflet/"
STATIC_LEAFLET_DIR = Path(__file__).resolve().parents[2] / "static" / "leaflet"


def local_assets_available() -> bool:
    """True when ``make setup`` has put Leaflet where the app serves it from."""
    return (STATIC_LEAFLET_DIR / "leaflet.js").is_file() and (
        STATIC_LEAFLET_DIR / "leaflet.css"
    ).is_file()


def served_html(fmap: folium.Map, base_url: str = LOCAL_LEAFLET_URL) -> str:
    """The map's page loading Leaflet from the app's own copy (``base_url``) instead of inlining
    it: for the maps the app shows itself — the browser keeps Leaflet compiled between maps and
    each map is 150 kB lighter. Still no request off the machine. Downloads use
    :func:`offline_html` (a file that works on its own)."""
    html: str = use_local_assets(fmap, base_url).get_root().render()
    return html


def use_local_assets(fmap: folium.Map, base_url: str = LOCAL_LEAFLET_URL) -> folium.Map:
    """Point every element's JS/CSS links at the app's own copy of Leaflet (for ``st_folium``).

    ``st_folium`` loads a map's scripts and styles from the elements' ``default_js`` /
    ``default_css`` links (CDN addresses by default). Here Leaflet's links are replaced by
    ``base_url`` (served by the app), folium's decorative extras (jQuery, Bootstrap, Font
    Awesome) are dropped, and elements that need anything else are refused, as in
    :func:`offline_html`. Branca colormaps are refused too: ``st_folium`` adds d3 from a CDN
    for them. Returns the same map.
    """

    local = {"leaflet": base_url + "leaflet.js", "leaflet_css": base_url + "leaflet.css"}
    if any(isinstance(element, ColorMap) for element in _walk(fmap)):
        raise ValueError("branca colormaps load d3 from a CDN: not available offline")
    _replace_links(fmap, local)
    return fmap
