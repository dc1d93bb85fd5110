"""Where things are written: a light scan of the Turtle files for the lines of IRIs.

rdflib keeps no line numbers, so `check` scans the text of the files it loaded:
prefix declarations, and every IRI written in full (``<https://...>``) or prefixed
(``zid:iza``, ``zk:signedBy``, ``a``), with its line, its role (subject, predicate or
object) and the subject and predicate it belongs to. Strings and comments are skipped.
The files have already parsed, so the scan can be simple; it never decides validity.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

_PNAME = re.compile(
    r"(?P<prefix>[A-Za-z\u00C0-\uFFFF][\w\-.\u00B7\u00C0-\uFFFF]*)?:"
    r"(?P<local>(?:[\w:%\u00C0-\uFFFF]|\\[^\s]|-)(?:[\w\-.:%\u00B7\u00C0-\uFFFF]|\\[^\s])*)?"
)
_DIRECTIVE = re.compile(r"(@prefix|@base|PREFIX|BASE)\b", re.IGNORECASE)
_PREFIX_DECL = re.compile(r"(?:@prefix|PREFIX)\s+([A-Za-z][\w\-.]*)?:\s*<([^>]*)>", re.IGNORECASE)
_BASE_DECL = re.compile(r"(?:@base|BASE)\s+<([^>]*)>", re.IGNORECASE)
_WORD = re.compile(r"[^\s;,.\[\]()<>\"'#]+(?:\.[^\s;,.\[\]()<>\"'#]+)*")


@dataclass(frozen=True)
class Occurrence:
    """One place an IRI is written.

    Attributes:
        file: the file.
        line: the line (1-based).
        role: ``subject``, ``predicate`` or ``object`` (a datatype counts as an object).
        subject: the IRI of the statement's top-level subject (None for a blank node).
        predicate: the IRI of the predicate the occurrence belongs to (itself for a
            predicate, None for a subject).
    """

    file: Path
    line: int
    role: str
    subject: str | None
    predicate: str | None


class _Frame:
    def __init__(self, kind: str, subject: str | None):
        self.kind = kind  # "top", "blank" ([ ... ]) or "list" (( ... ))
        self.state = "subject" if kind == "top" else ("predicate" if kind == "blank" else "object")
        self.subject = subject
        self.predicate: str | None = None


def scan_turtle(path: Path, text: str, *, prefixes: dict[str, str] | None = None, line: int = 1) -> list[tuple[str, Occurrence]]:
    """Every IRI written in a Turtle text, with its occurrence.

    Args:
        path: the file (recorded in each occurrence).
        text: its text (or one block of statements from it).
        prefixes: the prefixes declared before the text (for a block).
        line: the line the text starts on.
    """
    found: list[tuple[str, Occurrence]] = []
    prefixes = dict(prefixes or {})
    i, n = 0, len(text)
    stack = [_Frame("top", None)]

    def emit(iri: str, at_line: int) -> None:
        frame = stack[-1]
        top = stack[0]
        subject = top.subject
        if frame.state == "subject":
            role = "subject"
            top.subject = iri
            subject = iri
            frame.state = "predicate"
        elif frame.state == "predicate":
            role = "predicate"
            frame.predicate = iri
            frame.state = "object"
        else:
            role = "object"
            if frame.kind != "list":
                frame.state = "after-object"
        found.append((iri, Occurrence(path, at_line, role, subject if role != "subject" else iri, frame.predicate if role != "subject" else None)))

    def term_done() -> None:
        """A term that is not an IRI (literal, blank node label, number) took a position."""
        frame = stack[-1]
        if frame.state == "subject":
            stack[0].subject = None
            frame.state = "predicate"
        elif frame.state == "predicate":
            frame.predicate = None
            frame.state = "object"
        elif frame.kind != "list":
            frame.state = "after-object"

    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            continue
        if c in " \t\r":
            i += 1
            continue
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c == "<":
            end = text.find(">", i)
            if end < 0:
                break
            iri = text[i + 1:end]
            if "://" in iri or iri.startswith("urn:"):
                emit(iri, line)
            else:
                term_done()
            i = end + 1
            continue
        if c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n:
                if text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                j += 1
            line += text.count("\n", i, j)
            i = j + len(quote)
            if text.startswith("^^", i):
                i += 2
                continue  # the datatype follows as the next term, in the object position still held
            if i < n and text[i] == "@":
                m = re.match(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*", text[i:])
                i += m.end() if m else 1
            term_done()
            continue
        if c == ".":
            if stack[-1].kind == "top":
                stack[-1].state = "subject"
                stack[-1].predicate = None
            i += 1
            continue
        if c == ";":
            stack[-1].state = "predicate"
            i += 1
            continue
        if c == ",":
            stack[-1].state = "object"
            i += 1
            continue
        if c == "[":
            parent = stack[-1]
            if parent.state == "subject":
                stack[0].subject = None
            stack.append(_Frame("blank", stack[0].subject))
            i += 1
            continue
        if c == "]":
            if len(stack) > 1:
                stack.pop()
            term_done()
            i += 1
            continue
        if c == "(":
            frame = _Frame("list", stack[0].subject)
            frame.predicate = stack[-1].predicate
            stack.append(frame)
            i += 1
            continue
        if c == ")":
            if len(stack) > 1:
                stack.pop()
            term_done()
            i += 1
            continue
        if c in "@PBpb" and stack[-1].kind == "top" and stack[-1].state == "subject":
            m = _DIRECTIVE.match(text, i)
            if m:
                end = text.find(">", i)
                declaration = text[i:end + 1] if end >= 0 else text[i:]
                pm = _PREFIX_DECL.match(declaration)
                if pm:
                    prefixes[pm.group(1) or ""] = pm.group(2)
                line += declaration.count("\n")
                i += len(declaration)
                if i < n and text[i:].lstrip(" \t").startswith("."):
                    i = text.index(".", i) + 1
                continue
        m = _PNAME.match(text, i)
        if m and m.end() > i:
            prefix = m.group("prefix") or ""
            local = (m.group("local") or "").rstrip(".")
            end = i + len(prefix) + 1 + len(local)
            namespace = prefixes.get(prefix)
            if namespace is not None:
                emit(namespace + local.replace("\\", ""), line)
            else:
                term_done()
            i = end
            continue
        w = _WORD.match(text, i)
        if w and w.end() > i:
            word = w.group(0)
            if word == "a" and stack[-1].state == "predicate":
                emit(RDF_TYPE, line)
            elif word.startswith("_:"):
                term_done()
            else:
                term_done()
            i = w.end()
            continue
        i += 1
    return found


BIG_FILE = 1_000_000
"""Files of more bytes than this are scanned only around the IRIs asked for (see :class:`SourceIndex`)."""

_BLOCK_START = re.compile(r"\n(?=[^\s#])")
# the first term of a block: an IRI in <...> or a prefixed name (a plain local part)
_FIRST_TOKEN = re.compile(r"<(?P<iri>[^>\s]*)>|(?P<prefix>[A-Za-z][\w\-.]*|):(?P<local>[\w\-]+(?:\.[\w\-]+)*)(?=[\s;,])")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:%")
_DOT_NAME = re.compile(r"\.[\w\-:%]")


class _BigFile:
    """A large file: its text cut into blocks (a line that starts in column 1 starts one)."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.text = text
        self.starts = [0, *(m.start() + 1 for m in _BLOCK_START.finditer(text))]
        self.declarations = [(m.start(), m.group(1) or "", m.group(2)) for m in _PREFIX_DECL.finditer(text)]
        self.scanned: set[int] = set()
        self._by_subject: dict[str, list[int]] | None = None

    def prefixes_before(self, position: int) -> dict[str, str]:
        return {prefix: namespace for at, prefix, namespace in self.declarations if at < position}

    def _subjects(self) -> dict[str, list[int]]:
        """The blocks (by number) of each IRI that starts one, as its subject (made once)."""
        if self._by_subject is None:
            by_subject: dict[str, list[int]] = defaultdict(list)
            declarations = iter(self.declarations)
            upcoming = next(declarations, None)
            prefixes: dict[str, str] = {}
            text = self.text
            for b, start in enumerate(self.starts):
                while upcoming is not None and upcoming[0] < start:
                    prefixes[upcoming[1]] = upcoming[2]
                    upcoming = next(declarations, None)
                m = _FIRST_TOKEN.match(text, start)
                if m is None:
                    continue
                if m.group("iri") is not None:
                    by_subject[m.group("iri")].append(b)
                elif m.group("prefix") is not None and m.group("prefix") in prefixes:
                    by_subject[prefixes[m.group("prefix")] + m.group("local")].append(b)
            self._by_subject = dict(by_subject)
        return self._by_subject

    def subject_blocks(self, iri: str) -> list[int]:
        """The blocks that start with the IRI as their subject, not scanned yet."""
        return [b for b in self._subjects().get(iri, ()) if b not in self.scanned]

    def blocks_with(self, needles: set[str]) -> list[int]:
        """The blocks (by number) where a needle is written as a whole term, not scanned yet.

        Each needle (``<IRI>`` or ``prefix:local``) is found with ``str.find`` (a scan at
        memory speed), and a hit counts only where the term ends there (``zid:iza`` does
        not find ``zid:iza-1``) and does not continue another name before it.
        """
        import bisect

        text = self.text
        found = set()
        for needle in needles:
            at = text.find(needle)
            while at >= 0:
                end = at + len(needle)
                if needle.startswith("<") or (
                    (at == 0 or text[at - 1] not in _NAME_CHARS)
                    and not (end < len(text) and (text[end] in _NAME_CHARS and text[end] != "." or _DOT_NAME.match(text, end)))
                ):
                    found.add(bisect.bisect_right(self.starts, at) - 1)
                at = text.find(needle, end)
        return [b for b in sorted(found) if b not in self.scanned]

    def scan(self, blocks: list[int]) -> list[tuple[str, Occurrence]]:
        out = []
        line, counted = 1, 0
        for b in blocks:
            start = self.starts[b]
            end = self.starts[b + 1] if b + 1 < len(self.starts) else len(self.text)
            line += self.text.count("\n", counted, start)
            counted = start
            out.extend(scan_turtle(self.path, self.text[start:end], prefixes=self.prefixes_before(start), line=line))
            self.scanned.add(b)
        return out


class SourceIndex:
    """The IRIs of a set of Turtle files, by IRI, for finding lines.

    Nothing is read until a line is asked for. Files up to :data:`BIG_FILE` bytes are
    then scanned whole; larger ones (a million synthetic triples are 45 MB) only in the
    blocks of statements that mention an IRI asked for, found by a text search for the
    IRI and for its local names under the file's prefixes. A block starts at a line that
    starts in the first column, as in graph/ and in what Turtle serializers write.

    Args:
        files: the Turtle files (unreadable ones are skipped: the loader has read them).
    """

    def __init__(self, files: list[Path]):
        self.files = [Path(f) for f in files]
        self._uses: dict[str, list[Occurrence]] = defaultdict(list)
        self._big: list[_BigFile] | None = None
        self._asked: set[str] = set()
        self._asked_subjects: set[str] = set()

    def _read(self) -> None:
        if self._big is not None:
            return
        self._big = []
        for path in self.files:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if len(text) > BIG_FILE:
                self._big.append(_BigFile(path, text))
                continue
            for iri, occurrence in scan_turtle(path, text):
                self._uses[iri].append(occurrence)

    def prepare(self, iris) -> None:
        """Make sure every place of these IRIs is known (a text search per large file).

        Args:
            iris: full IRIs (None and non-IRIs are skipped).
        """
        self._read()
        new = {str(i) for i in iris if i is not None and "://" in str(i)} - self._asked
        if not new:
            return
        self._asked |= new
        self._asked_subjects |= new
        touched = set()
        for big in self._big or []:
            needles = {f"<{i}>" for i in new}
            for _, prefix, namespace in big.declarations:
                needles.update(f"{prefix}:{i[len(namespace):]}" for i in new if i.startswith(namespace) and len(i) > len(namespace))
            touched |= self._scan(big, big.blocks_with(needles))
        self._sort(touched)

    def prepare_subjects(self, iris) -> None:
        """Make sure the blocks where these IRIs are the subject are read (enough to locate a finding).

        In a large file only the blocks that start with the IRI are scanned (found in an
        index of the first term of every block, made once); the other places where it is
        written are left until :meth:`prepare` asks for them.

        Args:
            iris: full IRIs (None and non-IRIs are skipped).
        """
        self._read()
        new = {str(i) for i in iris if i is not None and "://" in str(i)} - self._asked_subjects
        if not new:
            return
        self._asked_subjects |= new
        touched = set()
        for big in self._big or []:
            blocks = sorted({b for i in new for b in big.subject_blocks(i)})
            touched |= self._scan(big, blocks)
        self._sort(touched)

    def _scan(self, big: _BigFile, blocks: list[int]) -> set[str]:
        touched = set()
        for iri, occurrence in big.scan(blocks):
            self._uses[iri].append(occurrence)
            touched.add(iri)
        return touched

    def _sort(self, touched: set[str]) -> None:
        order = {path: n for n, path in enumerate(self.files)}
        for iri in touched:
            self._uses[iri].sort(key=lambda o: (order.get(o.file, len(order)), o.line))

    def _has_subject(self, iri: str, file: Path | None = None) -> bool:
        return any(o.role == "subject" and (file is None or o.file == Path(file)) for o in self._uses.get(str(iri), ()))

    def uses(self, iri: str) -> list[Occurrence]:
        """Every place an IRI is written, in file order then line order.

        Args:
            iri: the full IRI.
        """
        self.prepare([iri])
        return list(self._uses.get(str(iri), ()))

    def subject_files(self, iri: str) -> list[Path]:
        """The files where an IRI is the subject of a statement, in load order."""
        self.prepare_subjects([iri])
        if not self._has_subject(iri):  # a subject that does not start a block
            self.prepare([iri])
        seen: list[Path] = []
        for o in self._uses.get(str(iri), ()):
            if o.role == "subject" and o.file not in seen:
                seen.append(o.file)
        return seen

    def line_of(self, iri: str, file: Path, predicate: str | None = None) -> int | None:
        """The line in a file where a node is written with a property, else where it is a subject.

        Args:
            iri: the node's IRI.
            file: the file.
            predicate: the property's IRI, to find the line of that property in the node's block.
        """
        self.prepare_subjects([iri])
        if not self._has_subject(iri, file):
            self.prepare([iri])
        occurrences = [o for o in self._uses.get(str(iri), ()) if o.file == Path(file)]
        if predicate is not None:
            for o in self._uses.get(str(predicate), ()):
                if o.file == Path(file) and o.role == "predicate" and o.subject == str(iri):
                    return o.line
        for o in occurrences:
            if o.role == "subject":
                return o.line
        return occurrences[0].line if occurrences else None

    def triple_place(self, subject: str, predicate: str | None, obj: str | None = None) -> tuple[Path, int] | None:
        """Where a node's property (and, for an IRI value, that value) is written, if anywhere.

        Args:
            subject: the node's IRI.
            predicate: the property's IRI, or None.
            obj: the value's IRI, or None.
        """
        if predicate is None:
            return None
        self.prepare_subjects([subject])
        if not self._has_subject(subject):
            self.prepare([subject])
        if obj is not None:
            for o in self._uses.get(str(obj), ()):
                if o.role == "object" and o.subject == str(subject) and o.predicate == str(predicate):
                    return o.file, o.line
        for o in self._uses.get(str(predicate), ()):
            if o.role == "predicate" and o.subject == str(subject):
                return o.file, o.line
        return None
