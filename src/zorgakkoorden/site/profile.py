"""Entity pages as profiles: what it is, when, who takes part, what it covers, how it links to
other accords, where the sources disagree, and the sources; the full list of statements stays,
folded, for analysts.

An accord, programme or agenda gets the sections a policy adviser asks for; any other entity
gets "Valt onder" (the accords it falls under, see :mod:`.search`) and its statements grouped
by relation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..namespaces import ZK
from .model import EntityView, Ref, SiteModel, StatementView

DATES = ("signingDate", "publicationDate", "startDate", "endDate")

# (section id, Dutch title, English title, [(direction, property local name)])
FRAMEWORK_SECTIONS = (
    ("partijen", "Wie doen mee", "Who takes part",
     [("out", "signedBy"), ("in", "partyTo"), ("in", "responsibleFor"), ("in", "keyPartyFor"), ("in", "participatesIn"),
      ("in", "supports"), ("in", "contactFor"), ("out", "hasPartner"), ("in", "withdrewFrom")]),
    ("themas", "Thema's, actielijnen en doelen", "Themes, action lines and goals",
     [("out", "addressesTheme"), ("out", "hasActionLine"), ("out", "hasGoal"), ("out", "contributesTo")]),
    ("interventies", "Interventies en doelgroepen", "Interventions and target groups",
     [("out", "worksThroughIntervention"), ("out", "makesRoomFor"), ("out", "implementedThrough"), ("in", "partOf"),
      ("out", "aimsAtTargetGroup"), ("out", "benefitsTargetGroup"), ("out", "hasAudience")]),
    ("financiering", "Financiering", "Funding",
     [("out", "fundedThrough"), ("in", "funds"), ("out", "legalBasis"), ("out", "concernsLaw")]),
    ("voorbeelden", "Voorbeelden, publicaties en kennis", "Examples, publications and knowledge",
     [("in", "exampleFor"), ("in", "about"), ("in", "publicationOf"), ("in", "describesExample"), ("in", "citesFramework"),
      ("out", "uses"), ("in", "supplements")]),
)

PARTY_CLASS_ORDER = {"Organisation": 0, "OrganisationGroup": 1, "Person": 2}


@dataclass
class Item:
    """One entity named in a section, with the statements that name it (for sources and notes)."""

    ref: Ref
    statements: list[StatementView] = field(default_factory=list)

    @property
    def sources(self) -> list[Ref]:
        found = {s.iri: s for st in self.statements for s in st.sources}
        return sorted(found.values(), key=lambda r: (r.number or 10**9, r.label.casefold(), r.iri))

    @property
    def notes(self) -> list[StatementView]:
        return [st for st in self.statements if st.aspects]


@dataclass
class Group:
    """Items under one relation (``predicate``, read from this entity: ``out`` or ``in``)."""

    predicate: Ref
    direction: str
    items: list[Item] = field(default_factory=list)
    by_kind: list[tuple[Ref, list[Item]]] = field(default_factory=list)  # parties: by kind of party


@dataclass
class Section:
    anchor: str
    title_nl: str
    title_en: str
    groups: list[Group] = field(default_factory=list)


@dataclass
class Profile:
    """What an entity page shows above the folded table of statements."""

    is_framework: bool
    timeline: list[StatementView] = field(default_factory=list)
    date_notes: list[StatementView] = field(default_factory=list)
    facts: list[StatementView] = field(default_factory=list)  # other literal values (counts, amounts)
    sections: list[Section] = field(default_factory=list)
    links: list[StatementView] = field(default_factory=list)  # with other frameworks
    conflicts: list[StatementView] = field(default_factory=list)
    routes: list = field(default_factory=list)  # for other entities: the frameworks it falls under
    responsible: dict = field(default_factory=dict)  # route index -> (parties, True when they are the signatories)
    focus: str = ""
    status: list[StatementView] = field(default_factory=list)  # zk:status, the newest "as of" first
    continued_by: list[StatementView] = field(default_factory=list)  # frameworks that zk:continues this one
    all_sources: list[Ref] = field(default_factory=list)  # every source the page cites, by number
    is_party: bool = False  # an organisation, group or person: its routes are its roles


def framework_state(e: EntityView, frameworks: set[str]) -> tuple[list[StatementView], list[StatementView]]:
    """Where a framework stands: its sourced statuses (running, ended, succeeded; the newest "as of"
    first) and the frameworks that carry it on (``X zk:continues`` it), with their sources.

    Args:
        e: the framework.
        frameworks: the IRIs of every framework.
    """
    status = [st for st in e.outgoing if st.conflict is None and st.value.ref is not None and _local(st.predicate) == "status"]
    status.sort(key=lambda st: (st.as_of.text if st.as_of else "", st.iri), reverse=True)
    continued = [st for st in e.incoming if st.conflict is None and _local(st.predicate) == "continues"
                 and st.subject.iri in frameworks and st.subject.iri != e.ref.iri]
    continued.sort(key=lambda st: (st.subject.short.casefold(), st.iri))
    return status, continued


def cited_sources(e: EntityView) -> list[Ref]:
    """Every source document the page of ``e`` cites: its own and those of its statements."""
    found = {s.iri: s for s in e.sources}
    for st in (*e.outgoing, *e.incoming, *e.conflicting):
        for s in st.sources:
            found.setdefault(s.iri, s)
    return sorted(found.values(), key=lambda r: (r.number or 10**9, r.label.casefold(), r.iri))


def _local(ref: Ref) -> str:
    return ref.iri[len(str(ZK)):] if ref.iri.startswith(str(ZK)) else ref.iri.rsplit("/", 1)[-1]


def _other(st: StatementView, direction: str) -> Ref | None:
    return st.value.ref if direction == "out" else st.subject


def _group(predicate: Ref, direction: str, statements: list[StatementView]) -> Group:
    items: dict[str, Item] = {}
    for st in statements:
        other = _other(st, direction)
        if other is None:
            continue
        items.setdefault(other.iri, Item(other)).statements.append(st)
    ordered = sorted(items.values(), key=lambda i: (i.ref.label.casefold(), i.ref.iri))
    return Group(predicate, direction, ordered)


def _kind_of(model: SiteModel, ref: Ref) -> Ref:
    view = model.by_iri.get(ref.iri)
    classes = view.classes if view else []
    return min(classes, key=lambda c: (PARTY_CLASS_ORDER.get(_local(c), 9), c.iri)) if classes else Ref("", "")


def entity_profile(model: SiteModel, e: EntityView, where=None, *, focus: str = "") -> Profile:
    """The profile of one entity page.

    Args:
        model: the site's read model.
        e: the entity.
        where: the :class:`~.search.WhereItFalls` of the site (for the routes of other entities).
        focus: the site path of the entity's focus view ("" when it has none).
    """
    frameworks = {f.ref.iri for f in model.members(ZK.PolicyFramework)}
    is_framework = e.ref.iri in frameworks
    profile = Profile(is_framework=is_framework, focus=focus)
    parties = {p.ref.iri for p in model.members(ZK.Party)}
    profile.is_party = e.ref.iri in parties
    live_out = [st for st in e.outgoing if st.conflict is None]
    live_in = [st for st in e.incoming if st.conflict is None]
    profile.conflicts = [st for st in (*e.outgoing, *e.incoming) if st.conflict is not None]
    profile.all_sources = cited_sources(e)
    for st in e.outgoing:
        if st.value.ref is not None:
            continue
        local = _local(st.predicate)
        if local in DATES:
            profile.timeline.append(st)
        elif local == "dateText":
            profile.date_notes.append(st)
        else:
            profile.facts.append(st)
    profile.timeline.sort(key=lambda st: (st.value.text, st.predicate.iri))
    used: set[str] = set()
    if is_framework:
        profile.status, profile.continued_by = framework_state(e, frameworks)
        used.update(st.iri for st in profile.status)  # shown at the top, not again under "Verder"
        for st in (*live_out, *live_in):
            other = st.value.ref if st.subject.iri == e.ref.iri else st.subject
            if other is not None and other.iri in frameworks and other.iri != e.ref.iri:
                profile.links.append(st)
                used.add(st.iri)
        profile.links.sort(key=lambda st: (st.kind != "link", st.predicate.label, st.subject.label.casefold(),
                                           st.value.sort_key, st.iri))
        for anchor, nl, en, spec in FRAMEWORK_SECTIONS:
            section = Section(anchor, nl, en)
            for direction, local in spec:
                rows = [st for st in (live_out if direction == "out" else live_in)
                        if _local(st.predicate) == local and st.iri not in used and st.value.ref is not None]
                if not rows:
                    continue
                used.update(st.iri for st in rows)
                group = _group(rows[0].predicate, direction, rows)
                if anchor == "partijen":
                    kinds: dict[str, tuple[Ref, list[Item]]] = {}
                    for item in group.items:
                        kind = _kind_of(model, item.ref)
                        kinds.setdefault(kind.iri, (kind, []))[1].append(item)
                    group.by_kind = sorted(kinds.values(), key=lambda k: (PARTY_CLASS_ORDER.get(_local(k[0]), 9), k[0].iri))
                section.groups.append(group)
            if section.groups:
                profile.sections.append(section)
    if where is not None and not is_framework and e.ref.iri not in where.skipped:
        profile.routes = where.routes(e.ref.iri)
        profile.responsible = {i: where.who_is_on(r) for i, r in enumerate(profile.routes)}
        used.update(st.iri for route in profile.routes for st in route.steps)  # shown under "Valt onder"
    # everything else, by relation
    rest = Section("verder", "Verder", "Further")
    for direction, rows in (("out", live_out), ("in", live_in)):
        by_predicate: dict[str, list[StatementView]] = {}
        for st in rows:
            if st.iri in used or st.value.ref is None:
                continue
            by_predicate.setdefault(st.predicate.iri, []).append(st)
        for _, sts in sorted(by_predicate.items(), key=lambda kv: (kv[1][0].predicate.label, kv[0])):
            rest.groups.append(_group(sts[0].predicate, direction, sts))
    if rest.groups:
        if not is_framework:
            rest.title_nl, rest.title_en = "Verbanden", "Connections"
        profile.sections.append(rest)
    return profile
