""""Waar valt het onder?": which accords and programmes a topic, intervention, party or target
group falls under, through what, who is responsible, and the source of each step.

The routes are worked out at build time from the sourced statements (statements a conflict holds
apart are left out), as the catalogue query ``where-does-it-fall`` does, one step further: an
item tied to a framework directly, or through one part (an action line, intervention, goal or
funding instrument) that is tied to the framework. The index page carries them as JSON inlined
in the page (a ``fetch`` from ``file://`` fails) and searches them with MiniSearch, vendored in
``site/vendor/minisearch``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

from ..namespaces import ZK
from .model import Ref, SiteModel, StatementView

MINISEARCH_VERSION = "7.2.0"

# the parts an item may fall under a framework through (one step away from the framework)
PART_CLASSES = (ZK.ActionLine, ZK.Intervention, ZK.Goal, ZK.FundingInstrument)
# roles that say who is responsible ("aan zet") for a framework or a part
RESPONSIBLE = ("responsibleFor", "keyPartyFor")
# classes whose members are not searched (they are the evidence, not the subject)
NOT_SEARCHED = (ZK.SourceDocument, ZK.Conflict, ZK.Citation, ZK.SourceKind)


@dataclass
class Step:
    """One sourced statement on a route: ``subject -relation-> object``."""

    statement: StatementView

    def as_json(self) -> dict:
        st = self.statement
        return {
            "s": st.subject.iri, "p": [st.predicate.label, st.predicate.label_en or st.predicate.label],
            "o": st.value.ref.iri if st.value.ref else "",
            "src": [s.iri for s in st.sources],
            "aspect": [(st.aspects_nl or st.aspects_en or [""])[0], (st.aspects_en or st.aspects_nl or [""])[0]]
            if st.aspects else [],
        }


@dataclass
class Route:
    """How an item falls under one framework: directly or through a part."""

    framework: Ref
    via: Ref | None
    steps: list[StatementView] = field(default_factory=list)


def _local(iri: str) -> str:
    return iri[len(str(ZK)):] if iri.startswith(str(ZK)) else ""


class WhereItFalls:
    """The routes from every entity to the frameworks, and who is responsible along them.

    Args:
        model: the site's read model.
    """

    def __init__(self, model: SiteModel):
        self.model = model
        self.frameworks = {e.ref.iri for e in model.members(ZK.PolicyFramework)}
        self.parts = {e.ref.iri for cls in PART_CLASSES for e in model.members(cls)}
        self.skipped = {e.ref.iri for cls in NOT_SEARCHED for e in model.members(cls)}
        self.neighbours: dict[str, list[tuple[str, StatementView]]] = defaultdict(list)
        self.responsible: dict[str, list[tuple[Ref, StatementView]]] = defaultdict(list)
        self.signatories: dict[str, list[tuple[Ref, StatementView]]] = defaultdict(list)
        for st in model.statements:
            if st.conflict is not None or st.value.ref is None:
                continue
            a, b = st.subject.iri, st.value.ref.iri
            self.neighbours[a].append((b, st))
            self.neighbours[b].append((a, st))
            if _local(st.predicate.iri) in RESPONSIBLE:
                self.responsible[b].append((st.subject, st))
            elif _local(st.predicate.iri) == "signedBy" and a in self.frameworks:
                self.signatories[a].append((st.value.ref, st))

    def routes(self, iri: str) -> list[Route]:
        """The routes of one entity, by framework, direct ones first.

        Args:
            iri: the entity's IRI.
        """
        found: dict[tuple[str, str], Route] = {}
        for other, st in self.neighbours.get(iri, ()):
            if other in self.frameworks and other != iri:
                route = found.setdefault((other, ""), Route(self.model.ref_of(other), None))
                route.steps.append(st)
            elif other in self.parts and other != iri:
                for framework, st2 in self.neighbours.get(other, ()):
                    if framework in self.frameworks and framework != iri:
                        route = found.setdefault((framework, other), Route(self.model.ref_of(framework), self.model.ref_of(other)))
                        for step in (st, st2):
                            if step not in route.steps:
                                route.steps.append(step)
        return sorted(found.values(), key=lambda r: (r.framework.short.casefold(), r.framework.iri, r.via is not None,
                                                     r.via.label.casefold() if r.via else ""))

    def responsible_for(self, route: Route) -> list[tuple[Ref, StatementView]]:
        """Who is responsible along a route: for its part where the sources say so, else for the framework."""
        found = self.responsible.get(route.via.iri) if route.via is not None else None
        found = found or self.responsible.get(route.framework.iri, [])
        return _unique(found)

    def who_is_on(self, route: Route) -> tuple[list[Ref], bool]:
        """Who is "aan zet" on a route: the responsible parties (:meth:`responsible_for`); where no
        source names one, the framework's signatories. The flag is True in that second case, so the
        page can say they are the signatories, not parties named responsible."""
        found = self.responsible_for(route)
        if found:
            return [p for p, _ in found], False
        signed = _unique(self.signatories.get(route.framework.iri, []))
        return [p for p, _ in signed], bool(signed)

    def searchable(self) -> list:
        """The entities the index search offers (not sources, citations or conflicts)."""
        return [e for e in self.model.entities if e.ref.iri not in self.skipped and e.ref.page]


def _unique(found: list[tuple[Ref, StatementView]]) -> list[tuple[Ref, StatementView]]:
    unique: dict[str, tuple[Ref, StatementView]] = {}
    for party, st in sorted(found, key=lambda ps: (ps[0].label.casefold(), ps[0].iri, ps[1].iri)):
        unique.setdefault(party.iri, (party, st))
    return list(unique.values())


def _ref_json(ref: Ref) -> dict:
    return {"nl": ref.label, "en": ref.label_en or ref.label, "abbr": ref.abbreviation, "page": ref.page}


def search_index(model: SiteModel, where: WhereItFalls | None = None) -> dict:
    """The data of the index search: documents to index and the references they use.

    Args:
        model: the site's read model.
        where: the routes (made here if not given).

    Returns:
        ``docs`` (one per searchable entity: id, labels, kind, description, routes) and ``refs``
        (IRI to labels and page, for every framework, part, party and source a route names).
    """
    where = where or WhereItFalls(model)
    refs: dict[str, dict] = {}

    def use(ref: Ref) -> str:
        if ref.iri not in refs:
            data = _ref_json(ref)
            if ref.number:
                data["n"] = ref.number
            refs[ref.iri] = data
        return ref.iri

    docs = []
    for i, e in enumerate(where.searchable()):
        kind = e.classes[0] if e.classes else None
        descriptions = dict((lang, text) for lang, text in reversed(e.descriptions))
        routes = []
        # an accord itself falls under nothing: its hit leads to its profile
        for route in ([] if e.ref.iri in where.frameworks else where.routes(e.ref.iri)):
            for st in route.steps:
                use(st.subject)
                if st.value.ref:
                    use(st.value.ref)
                for s in st.sources:
                    use(s)
            on, signed = where.who_is_on(route)
            routes.append({
                "f": use(route.framework),
                "via": use(route.via) if route.via else "",
                "steps": [Step(st).as_json() for st in route.steps],
                "resp": list(dict.fromkeys(use(party) for party in on)),
                "signed": signed,
            })
        state = {}
        if e.ref.iri in where.frameworks:
            state = _framework_state(e, where, use)
        docs.append({
            **state,
            "id": i,
            "iri": e.ref.iri,
            "nl": e.ref.label,
            "en": e.ref.label_en or e.ref.label,
            "abbr": e.ref.abbreviation,
            "alt": " ; ".join(a for a in e.alt_labels if a != e.ref.abbreviation),
            "kind": [kind.label, kind.label_en or kind.label] if kind else ["", ""],
            "framework": e.ref.iri in where.frameworks,
            "desc_nl": descriptions.get("nl", ""),
            "desc_en": descriptions.get("en", ""),
            "page": e.ref.page,
            "routes": routes,
        })
    return {"docs": docs, "refs": refs}


def _framework_state(e, where: WhereItFalls, use) -> dict:
    """What a framework's hit shows: its status (as of when, sources), what carries it on, and its
    links with the other frameworks (relation, aspect, sources)."""
    from .i18n import format_date
    from .profile import framework_state

    status, continued = framework_state(e, where.frameworks)
    out: dict = {"status": [], "continued": [], "links": []}
    for st in status:
        for s in st.sources:
            use(s)
        as_of = st.as_of.text if st.as_of else ""
        out["status"].append({
            "key": st.value.ref.iri.rsplit("/", 1)[-1].lower(),
            "label": [st.value.ref.label, st.value.ref.label_en or st.value.ref.label],
            "asof": [format_date(as_of, "nl"), format_date(as_of, "en")] if as_of else [],
            "src": [s.iri for s in st.sources],
        })
    for st in continued:
        use(st.subject)
        for s in st.sources:
            use(s)
        out["continued"].append({"f": st.subject.iri, "src": [s.iri for s in st.sources]})
    seen = set()
    for st in (*e.outgoing, *e.incoming):
        other = st.value.ref if st.subject.iri == e.ref.iri else st.subject
        if st.conflict is not None or other is None or other.iri == e.ref.iri or other.iri not in where.frameworks or st.iri in seen:
            continue
        seen.add(st.iri)
        use(st.subject)
        use(st.value.ref)
        for s in st.sources:
            use(s)
        out["links"].append(Step(st).as_json())
    out["links"].sort(key=lambda j: (j["s"] != e.ref.iri, j["p"][0], j["s"], j["o"]))
    return out


def index_json(data: dict) -> str:
    """The search data as JSON safe inside ``<script type="application/json">`` (no ``</``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def minisearch_js() -> str:
    """The vendored MiniSearch, without its source-map line."""
    text = (resources.files("zorgakkoorden.site") / "vendor" / "minisearch" / "minisearch.js").read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    if lines and lines[-1].startswith("//# sourceMappingURL="):
        lines = lines[:-1]
    return "\n".join(lines) + "\n"


def search_js() -> str:
    """The index page's own search script (``static``-free: inlined, allowed by its hash)."""
    return (resources.files("zorgakkoorden.site") / "scripts" / "search.js").read_text(encoding="utf-8")
