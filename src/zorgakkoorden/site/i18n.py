"""Dutch first, English on request: the site's two languages.

Every string of the site's own (its "chrome") is written in both languages, side by side:
``<span class="l-nl">Bronnen</span><span class="l-en" lang="en">Sources</span>``. The page says
``<html lang="nl">``; a small inline script (:data:`LANG_SCRIPT`) switches ``lang`` to ``en``
when the reader asks (``?lang=en`` in the address, or the switch in the header, remembered under
the ``localStorage`` key ``zk-lang`` that the graph views share), and the style sheet hides the
other language. Nothing is fetched, so the switch works from disk.

Numbers and dates are written the Dutch way (``12.345``, ``16 september 2022``) and the English
way beside them.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import date

from markupsafe import Markup, escape

LANGS = ("nl", "en")
STORAGE_KEY = "zk-lang"

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}

# the inline script of every page: picks the language before the page is drawn, then wires the switch
LANG_SCRIPT = """(function () {
  var KEY = "zk-lang", LANGS = ["nl", "en"], root = document.documentElement;
  function stored() { try { return window.localStorage.getItem(KEY); } catch (e) { return null; } }
  function store(l) { try { window.localStorage.setItem(KEY, l); return window.localStorage.getItem(KEY) === l; } catch (e) { return false; } }
  var asked = null;
  try { asked = new URLSearchParams(window.location.search).get("lang"); } catch (e) { asked = null; }
  var lang = LANGS.indexOf(asked) >= 0 ? asked : (LANGS.indexOf(stored()) >= 0 ? stored() : "nl");
  var remembered = LANGS.indexOf(asked) >= 0 ? store(asked) : stored() === lang;
  root.setAttribute("lang", lang);
  function apply(l) {
    lang = l;
    root.setAttribute("lang", l);
    var title = root.getAttribute("data-title-" + l);
    if (title) { document.title = title; }
    ["title", "placeholder", "aria-label"].forEach(function (a) {
      document.querySelectorAll("[data-" + a + "-" + l + "]").forEach(function (e) {
        e.setAttribute(a, e.getAttribute("data-" + a + "-" + l));
      });
    });
    document.querySelectorAll("[data-zk-lang]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-zk-lang") === l));
    });
    document.dispatchEvent(new CustomEvent("zk-lang", {detail: l}));
  }
  function choose(l) {
    if (LANGS.indexOf(l) < 0) { return lang; }
    remembered = store(l);
    if (asked) {
      try {
        var url = new URL(window.location.href);
        url.searchParams.set("lang", l);
        window.history.replaceState(null, "", url.href);
      } catch (e) { /* a page opened some other way: the switch still works here */ }
    }
    apply(l);
    return l;
  }
  window.zkSite = {lang: function (l) { return l ? choose(l) : lang; }};
  document.addEventListener("DOMContentLoaded", function () {
    apply(lang);
    document.querySelectorAll("[data-zk-lang]").forEach(function (b) {
      b.addEventListener("click", function () { choose(b.getAttribute("data-zk-lang")); });
    });
    // where the browser keeps nothing for pages on disk, the choice travels in the links
    document.addEventListener("click", function (ev) {
      if (remembered || lang === "nl") { return; }
      var a = ev.target.closest ? ev.target.closest("a[href]") : null;
      if (!a) { return; }
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || /^[a-z][a-z0-9+.-]*:/i.test(href) || !/\\.html(#|$)/.test(href)) { return; }
      var parts = href.split("#");
      a.setAttribute("href", parts[0] + "?lang=" + lang + (parts.length > 1 ? "#" + parts.slice(1).join("#") : ""));
    });
  });
})();
"""


def csp_hash(script: str) -> str:
    """The CSP source (``'sha256-...'``) that allows exactly this inline script.

    Args:
        script: the text between ``<script>`` and ``</script>``.
    """
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(*scripts: str) -> str:
    """The page's Content-Security-Policy: its own inline scripts, its style sheet, nothing else.

    Args:
        *scripts: the inline scripts the page carries.
    """
    sources = " ".join(csp_hash(s) for s in (LANG_SCRIPT, *scripts))
    return (
        "default-src 'none'; "
        f"script-src {sources}; "
        "style-src 'self'; img-src 'self' data:; frame-src 'self'; font-src 'none'; connect-src 'none'; "
        "object-src 'none'; base-uri 'none'; form-action 'none'"
    )


def t(nl: str, en: str) -> Markup:
    """A string of the site in both languages (the reader sees one).

    Args:
        nl: the Dutch text (plain text; escaped here).
        en: the English text.
    """
    if nl == en:
        return Markup(escape(nl))
    return Markup(f'<span class="l-nl">{escape(nl)}</span><span class="l-en" lang="en">{escape(en)}</span>')


def format_number(value: int | float, lang: str) -> str:
    """``12345`` as ``12.345`` (nl) or ``12,345`` (en); ``2.5`` as ``2,5`` or ``2.5``.

    Args:
        value: the number.
        lang: ``nl`` or ``en``.
    """
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    if lang == "nl":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def num(value) -> Markup:
    """A number in the Dutch form and the English one.

    Args:
        value: an int, a float or a string of digits (anything else is shown as it is).
    """
    try:
        number = float(value) if isinstance(value, str) and "." in value else int(value)
    except (TypeError, ValueError):
        return Markup(escape(str(value)))
    nl, en = format_number(number, "nl"), format_number(number, "en")
    return t(nl, en)


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def format_date(value: str, lang: str) -> str:
    """An ISO date (``2022-09-16``, ``2022-09`` or ``2022``) written out: ``16 september 2022``.

    Args:
        value: the date as in the graph (xsd:date, xsd:gYearMonth or xsd:gYear); anything else
            is returned as it is.
        lang: ``nl`` or ``en``.
    """
    m = _DATE.match(value.strip())
    if not m:
        return value
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            date(int(year), int(month), int(day))
            return f"{int(day)} {MONTHS[lang][int(month) - 1]} {year}"
        if month:
            return f"{MONTHS[lang][int(month) - 1]} {year}"
    except (ValueError, IndexError):
        return value
    return year


def when(value: str) -> Markup:
    """A date in Dutch and in English (see :func:`format_date`).

    Args:
        value: the date as in the graph.
    """
    return t(format_date(value, "nl"), format_date(value, "en"))


def install(env) -> None:
    """Make ``t``, ``num`` and ``when`` available to the templates.

    Args:
        env: the Jinja2 environment.
    """
    env.globals["t"] = t
    env.filters["num"] = num
    env.filters["when"] = when
    env.globals["lang_script"] = Markup(LANG_SCRIPT)
