"""One set of styles for comparison and history views: inline in mail, a stylesheet on pages.

Mail clients drop <style> blocks, so a digest needs every style on its element; a page
written by `targetwatch history --format html` does not, and inline styles were two thirds
of its bytes (1.5 MB for the national history). Templates name styles (`css("td", "nowrap")`)
and the environment decides how to write them: `style="…"` when inline, `class="tw-td
tw-nowrap"` plus one <style> block otherwise. Later names win over earlier ones either way
(inline by order within the attribute, on pages by order in the stylesheet).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - markupsafe loads with Jinja2, when a template renders
    from markupsafe import Markup

FONT = ("font-family:-apple-system,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC',"
        "sans-serif")

STYLES: dict[str, str] = {
    "font": FONT,
    "ink": "color:#24292f",
    "body": "margin:0;padding:16px;background-color:#ffffff",
    "page": "max-width:960px;margin:0 auto;" + FONT + ";color:#24292f",
    "h1": "font-size:21px;margin:0 0 4px",
    "lead": "margin:0 0 12px;font-size:13px;color:#57606a",
    "h2_all": "font-size:18px;margin:24px 0 4px",
    "h2": "font-size:17px;margin:20px 0 8px",
    "h2_series": "font-size:17px;margin:24px 0 6px",
    "h3": "font-size:15px;margin:14px 0 6px",
    "fold": "margin:20px 0 0",
    "fold_summary": "cursor:pointer;font-size:15px;color:#0969da",
    "table": "border-collapse:collapse;width:100%;margin:0 0 16px",
    "table_headline": "border-collapse:collapse;width:100%;margin:0 0 12px",
    "table_series": "border-collapse:collapse;width:100%;margin:6px 0 16px",
    "th": ("text-align:left;padding:6px 8px;border-bottom:2px solid #d0d7de;font-weight:600;font-size:13px;"
           "color:#24292f;white-space:nowrap"),
    "td": "padding:6px 8px;border-bottom:1px solid #eaeef2;vertical-align:top;font-size:14px;color:#24292f",
    "nowrap": "white-space:nowrap",
    "strong": "font-weight:600",
    "absent": "color:#8c959f",
    "none": "color:#57606a;font-size:14px",
    "said": "margin-top:3px;font-size:12px;line-height:1.5;color:#57606a",
    "note": "margin-top:3px;font-size:12px;color:#57606a",
    "quote": "margin-top:2px;font-size:12px;color:#57606a",
    "similar": "font-size:12px;color:#8250df",
    "summary": "margin:0 0 8px",
    "list": "margin:0 0 16px;padding-left:20px;font-size:14px",
    "list_tight": "margin:0 0 8px;padding-left:20px;font-size:14px",
    "item": "margin:2px 0",
    "group": "list-style:none;margin:8px 0 2px -20px;font-size:13px;font-weight:600;color:#57606a",
    "muted": "color:#57606a",
    "aside": "color:#57606a;font-size:12px",
    "footer": "font-size:12px;color:#57606a;margin:16px 0 0",
    "footer_tight": "margin:8px 0 0;font-size:12px;color:#57606a",
    "tally": "margin:0 0 10px;font-size:15px",
    "task_mark": "font-size:12px;color:#57606a;font-weight:400",
    "chart": "display:block;max-width:100%;height:auto",
    "chart_key": "font-size:11px;color:#57606a;margin:2px 0 0",
    "link": "color:#0969da",
    "badge": ("display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;line-height:18px;"
              "white-space:nowrap;color:#ffffff"),
}


def inline(*names: str, extra: str = "") -> Markup:
    """` style="…"` of the named styles, in order (`extra` appended, e.g. a badge's colour)."""
    from markupsafe import Markup

    body = ";".join(STYLES[n] for n in names) + (";" + extra if extra else "")
    return Markup(f' style="{_attr(body)}"')


def classes(*names: str, extra: str = "") -> Markup:
    """` class="tw-…"` of the named styles; `extra` stays inline (a colour computed per row)."""
    from markupsafe import Markup

    for n in names:
        STYLES[n]  # noqa: B018 - an unknown name fails here as it does inline
    out = Markup(' class="{}"').format(" ".join("tw-" + n for n in names))
    return out + (Markup(f' style="{_attr(extra)}"') if extra else Markup(""))


def _attr(css: str) -> str:
    """Our own declarations inside a double-quoted attribute: single quotes (font names) stay."""
    return css.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def stylesheet() -> Markup:
    """Every style as a class, in STYLES order (so later names win, as they do inline).

    Markup, because autoescape would turn the font names' quotes into entities, which CSS
    does not read, and silently drop the rule."""
    from markupsafe import Markup

    return Markup("".join(f".tw-{name}{{{rule}}}\n" for name, rule in STYLES.items()))
