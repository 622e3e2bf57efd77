"""Raw codes and raw validation texts in what a page shows (#15 "Done when").

The codes are collected from the source, not guessed: the keys of every dictionary that maps a
code to a translated label (`{"complete_closure": _("Complete closure"), ...}`), every
`Literal[...]` string of a schema, every `StrEnum` value and every module-level tuple of
strings (`PURPOSES = ("tourism", ...)`). A page shows a raw code when its
visible text holds an enum-like token (UPPER_SNAKE or lower_snake), a code no English sentence
of the catalogue uses as a word (`idps`, `covid19`), or, in a language other than English, a
text that is a code and nothing else (a cell reading `draft` on an Arabic page)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

SOURCE = Path(__file__).resolve().parents[2] / "src" / "passage"
CATALOGUE = SOURCE / "locale" / "messages.pot"
GETTEXT = frozenset({"_", "gettext_", "ngettext_", "lazy_gettext"})
VALIDATION_TEXTS = re.compile(
    r"String should|Field required|Input should|Value error,|value is not a valid|"
    r"validation error for|Extra inputs are not permitted"
)
UPPER_SNAKE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
LOWER_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# Data people typed or that names a thing, where a code-like token is not a code of ours.
NOT_PROSE = re.compile(r"\S+@\S+|https?://\S+|/\S*|\S+\.(?:csv|xlsx|json|pdf|png)\b")
CODE_SHAPE = re.compile(r"^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$|^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")

# What the page shows: text nodes of rendered elements (and of closed <details>, one click
# away), option labels, button values and placeholders; never scripts or attributes, nor
# <code>/<pre>/<kbd>/<samp>, where a page shows machine text on purpose (a file's columns).
VISIBLE_TEXT = """() => {
  const MACHINE_TEXT = "script,style,template,noscript,code,pre,kbd,samp";
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !element || element.closest(MACHINE_TEXT)) continue;
    const shown = element.closest("option,details:not([open])") || element.checkVisibility();
    if (shown) out.push(text);
  }
  for (const field of document.querySelectorAll("input[type=submit],[placeholder]")) {
    const text = (field.value && field.type === "submit") ? field.value : field.placeholder;
    if (text && field.checkVisibility()) out.push(text.trim());
  }
  return out;
}"""


@dataclass(frozen=True)
class Finding:
    """One raw text on a page: what it is, the text node that carries it, and where."""

    kind: str
    token: str
    text: str
    url: str

    def __str__(self) -> str:
        return f"{self.kind} {self.token!r} in {self.text[:120]!r} at {self.url}"


def _is_gettext(node: ast.expr) -> bool:
    if isinstance(node, ast.Tuple):
        return any(_is_gettext(element) for element in node.elts)
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT
    )


def _strings(nodes: list[ast.expr]) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _codes_in(tree: ast.AST) -> set[str]:
    """Label-dictionary keys, Literal[...] strings and StrEnum values of one module."""
    codes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and any(_is_gettext(v) for v in node.values):
            keys = [key for key in node.keys if key is not None]
            codes.update(_strings(keys))
        elif isinstance(node, ast.Subscript) and getattr(node.value, "id", "") == "Literal":
            elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            codes.update(_strings(elements))
        elif isinstance(node, ast.ClassDef) and any(
            getattr(base, "id", getattr(base, "attr", "")) == "StrEnum" for base in node.bases
        ):
            values = [s.value for s in node.body if isinstance(s, ast.Assign)]
            codes.update(_strings(values))
    return codes


def _listed_in(tree: ast.Module) -> set[str]:
    """Strings of the module's tuples and sets of strings (`PURPOSES = ("tourism", ...)`)."""
    codes: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, (ast.Tuple, ast.Set)):
            strings = _strings(statement.value.elts)
            if len(strings) == len(statement.value.elts):
                codes.update(strings)
    return codes


def _modules() -> Iterator[ast.Module]:
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield ast.parse(path.read_text(encoding="utf-8"))


def _shaped(codes: set[str]) -> frozenset[str]:
    return frozenset(code for code in codes if len(code) > 1 and CODE_SHAPE.match(code))


@cache
def vocabulary() -> frozenset[str]:
    """The codes that the source gives a translated label, a Literal type or an enum."""
    return _shaped(set().union(*(_codes_in(module) for module in _modules())))


@cache
def listed_codes() -> frozenset[str]:
    """The vocabulary and the code-shaped strings of module-level tuples (choices, columns)."""
    return vocabulary() | _shaped(set().union(*(_listed_in(module) for module in _modules())))


@cache
def catalogue_words(language: str) -> frozenset[str]:
    """The words of the catalogue's sentences (English, and the language's), case kept."""
    paths = [CATALOGUE]
    if language != "en":
        paths.append(SOURCE / "locale" / language / "LC_MESSAGES" / "messages.po")
    words: set[str] = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        lines = re.findall(
            r'^(?:msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$|^"(.*)"$', text, re.M
        )
        words.update(WORD.findall(" ".join(a or b for a, b in lines)))
    return frozenset(words)


@cache
def unworded_codes(language: str) -> frozenset[str]:
    """Codes no sentence of the catalogues uses as a word (`idps`, `covid19`): raw on a page."""
    words = catalogue_words(language)
    return frozenset(
        code for code in vocabulary() if len(code) > 2 and "_" not in code and code not in words
    )


def findings_in(texts: list[str], *, language: str, url: str) -> list[Finding]:
    """The raw codes and validation texts among a page's text nodes."""
    found: list[Finding] = []
    unworded, codes = unworded_codes(language), listed_codes()
    for text in texts:
        if match := VALIDATION_TEXTS.search(text):
            found.append(Finding("validation text", match.group(), text, url))
        prose = NOT_PROSE.sub(" ", text)
        for pattern in (UPPER_SNAKE, LOWER_SNAKE):
            found += [Finding("code", m.group(), text, url) for m in pattern.finditer(prose)]
        for word in WORD.findall(prose):
            if word in unworded:
                found.append(Finding("code", word, text, url))
        if language != "en" and text in codes:
            found.append(Finding("untranslated code", text, text, url))
    return found


def raw_texts(page: Page, *, language: str) -> list[Finding]:
    """The raw codes and validation texts the page shows now."""
    return findings_in(page.evaluate(VISIBLE_TEXT), language=language, url=page.url)
