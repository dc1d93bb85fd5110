"""SHACL core constraints compiled to SPARQL: one query per shape and constraint.

pySHACL validates node by node in Python: 36 s at 100k triples, and at a million it
did not finish. Here each constraint of a shape becomes one SELECT query that the
engine (Oxigraph by default) answers over the whole graph at once, returning only the
focus nodes (and values) that break it. Nested shapes (``sh:not``, ``sh:node``,
``sh:qualifiedValueShape``, ``sh:and``/``sh:or``/``sh:xone``, property shapes inside
them) become SPARQL expressions with ``EXISTS``.

What compiles: the targets (``sh:targetClass``, implicit class targets,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, ``sh:targetNode``), the paths of SHACL
(IRI, inverse, sequence, alternative, zero-or-more, one-or-more, zero-or-one) and the
constraint components ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:pattern``,
``sh:languageIn``, ``sh:uniqueLang``, ``sh:in``, ``sh:hasValue``, ``sh:minCount``,
``sh:maxCount``, ``sh:minLength``, ``sh:maxLength``, ``sh:not``, ``sh:and``, ``sh:or``,
``sh:xone``, ``sh:node``, ``sh:property``, ``sh:qualifiedValueShape`` (with
``sh:qualifiedMinCount``, ``sh:qualifiedMaxCount``, ``sh:qualifiedValueShapesDisjoint``).
A shape that uses anything else raises :class:`NotCompilable`, and `check` hands that
shape to pySHACL (the reference, which the tests compare with this on every fixture).
``sh:sparql`` constraints are not core: :mod:`.shacl` runs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_LIST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# XSD types whose lexical form Oxigraph can check by a cast (an ill-formed literal breaks sh:datatype)
CASTABLE = frozenset(
    XSD + name
    for name in (
        "string", "boolean", "integer", "decimal", "float", "double", "dateTime", "date", "time",
        "duration", "gYear", "gYearMonth", "gMonth", "gDay", "gMonthDay",
    )
)

# the integer types derived from xsd:integer: Oxigraph stores their values as xsd:integer
# ("12"^^xsd:byte comes back as "12"^^xsd:integer), so sh:datatype cannot tell them apart there
DERIVED_INTEGERS = frozenset(
    XSD + name
    for name in (
        "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
        "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
    )
)

# constraint components that hold on each value node (a node shape's focus, or each value of a path)
VALUE_COMPONENTS = (
    "class", "datatype", "nodeKind", "pattern", "languageIn", "in", "minLength", "maxLength",
    "not", "and", "or", "xone", "node",
)
# parameters that belong to a component named above (or are not constraints at all)
_KNOWN = {
    "path", "property", "targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode",
    "severity", "message", "name", "description", "order", "group", "defaultValue", "deactivated",
    "minCount", "maxCount", "uniqueLang", "hasValue", "qualifiedValueShape", "qualifiedMinCount",
    "qualifiedMaxCount", "qualifiedValueShapesDisjoint", "flags", "sparql", "declare", "prefixes",
    *VALUE_COMPONENTS,
}

MAX_DEPTH = 8
MAX_COUNT_IN_EXPRESSION = 4


class NotCompilable(Exception):
    """A shape uses something this compiler does not turn into SPARQL (pySHACL takes it)."""


@dataclass(frozen=True)
class CoreQuery:
    """One compiled constraint: a SELECT whose rows are its violations.

    Attributes:
        shape: the shape the results come from (``sh:sourceShape``).
        component: the constraint component (``sh:sourceConstraintComponent``).
        path: the shape's ``sh:path`` node, or None for a node shape.
        text: the SELECT query; it projects ``?this`` and, where results have one, ``?value``.
        parameter: the constraint's value (``sh:class ex:Person``: ex:Person), telling apart
            the results of two constraints of one kind on one shape.
    """

    shape: Any
    component: Any
    path: Any
    text: str
    parameter: Any = None


@dataclass(frozen=True)
class CoreResult:
    """One validation result, as in a SHACL validation report.

    Attributes:
        shape: ``sh:sourceShape``.
        component: ``sh:sourceConstraintComponent``.
        focus: ``sh:focusNode``.
        path: ``sh:resultPath`` (the path node of the shapes graph), or None.
        value: ``sh:value``, or None.
        detail: what tells two results of one constraint apart besides these (the
            constraint's parameter, the language of ``sh:uniqueLang``).
    """

    shape: Any
    component: Any
    focus: Any
    path: Any
    value: Any
    detail: tuple = ()


def _sh(name: str):
    from rdflib import URIRef

    return URIRef(SH + name)


class Compiler:
    """Turns the shapes of one shapes graph into SPARQL.

    Args:
        shapes: the shapes graph (rdflib).
        casts: check the lexical form of XSD literals with casts (Oxigraph has them all;
            rdflib's engine does not).
    """

    def __init__(self, shapes, *, casts: bool = True):
        self.g = shapes
        self.casts = casts
        self._n = 0

    # -- terms and paths ----------------------------------------------------------------

    def _fresh(self, base: str) -> str:
        self._n += 1
        return f"?{base}{self._n}"

    def term(self, node) -> str:
        """A term of the shapes graph as SPARQL text.

        Args:
            node: an rdflib IRI or literal (a blank node cannot be named in a query).
        """
        from rdflib import BNode, Literal, URIRef

        if isinstance(node, URIRef):
            text = str(node)
            if any(c in text for c in '<>"{}|^`\\ \n'):
                raise NotCompilable(f"an IRI SPARQL cannot write: {text!r}")
            return f"<{text}>"
        if isinstance(node, Literal):
            return node.n3()
        if isinstance(node, BNode):
            raise NotCompilable("a blank node as a value in a shape")
        raise NotCompilable(f"an unknown term {node!r}")

    def items(self, node) -> list:
        """The members of an RDF list in the shapes graph."""
        from rdflib import URIRef

        out, seen = [], set()
        first, rest, nil = URIRef(_RDF_LIST + "first"), URIRef(_RDF_LIST + "rest"), URIRef(_RDF_LIST + "nil")
        while node is not None and node != nil:
            if node in seen:
                raise NotCompilable("a cyclic RDF list")
            seen.add(node)
            value = self.g.value(node, first)
            if value is None:
                raise NotCompilable("a malformed RDF list")
            out.append(value)
            node = self.g.value(node, rest)
        return out

    def path(self, node) -> str:
        """A SHACL path as a SPARQL property path.

        Args:
            node: the ``sh:path`` value.
        """
        from rdflib import BNode, URIRef

        if isinstance(node, URIRef):
            return self.term(node)
        if not isinstance(node, BNode):
            raise NotCompilable(f"a path that is not a node: {node!r}")
        if self.g.value(node, URIRef(_RDF_LIST + "first")) is not None:
            return "(" + "/".join(self.path(p) for p in self.items(node)) + ")"
        for name, op in (("inversePath", "^"), ("zeroOrMorePath", "*"), ("oneOrMorePath", "+"), ("zeroOrOnePath", "?")):
            inner = self.g.value(node, _sh(name))
            if inner is not None:
                return f"^({self.path(inner)})" if op == "^" else f"({self.path(inner)}){op}"
        alternatives = self.g.value(node, _sh("alternativePath"))
        if alternatives is not None:
            return "(" + "|".join(self.path(p) for p in self.items(alternatives)) + ")"
        raise NotCompilable("an unknown kind of path")

    # -- what a shape asks --------------------------------------------------------------

    def _params(self, shape) -> set[str]:
        names = set()
        for p in self.g.predicates(shape, None):
            text = str(p)
            if text.startswith(SH):
                names.add(text[len(SH):])
        unknown = names - _KNOWN
        if unknown:
            raise NotCompilable(f"constraint components not compiled: {', '.join(sorted('sh:' + u for u in unknown))}")
        return names

    def _one(self, shape, name):
        values = list(self.g.objects(shape, _sh(name)))
        if len(values) != 1:
            raise NotCompilable(f"sh:{name} given {len(values)} times")
        return values[0]

    def _int(self, shape, name) -> int:
        value = self._one(shape, name)
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise NotCompilable(f"sh:{name} is not an integer") from exc

    def deactivated(self, shape) -> bool:
        """True when the shape has ``sh:deactivated true``."""
        value = self.g.value(shape, _sh("deactivated"))
        return value is not None and getattr(value, "toPython", lambda: None)() is True

    # -- expressions: does the node in `x` satisfy ... ----------------------------------

    def value_expression(self, shape, name: str, x: str, depth: int) -> str:
        """A SPARQL expression: the node in ``x`` satisfies component ``name`` of ``shape``.

        Args:
            shape: the shape.
            name: a component of :data:`VALUE_COMPONENTS`.
            x: the SPARQL variable (``?v``) of the value node.
            depth: nesting depth so far.
        """
        parts = []
        for value in self.g.objects(shape, _sh(name)):
            parts.append(self._value_expression(shape, name, value, x, depth))
        return " && ".join(f"({p})" for p in parts) if parts else "true"

    def _value_expression(self, shape, name: str, value, x: str, depth: int) -> str:
        from rdflib import Literal

        if name == "class":
            return f"EXISTS {{ {x} <{RDF_TYPE}>/<{RDFS}subClassOf>* {self.term(value)} }}"
        if name == "datatype":
            if str(value) == _RDF_LIST + "langString":
                return f"isLiteral({x}) && lang({x}) != \"\""
            text = f"isLiteral({x}) && lang({x}) = \"\" && sameTerm(datatype({x}), {self.term(value)})"
            if self.casts and str(value) in CASTABLE and str(value) != XSD + "string":
                text += f" && COALESCE(isLiteral({self.term(value)}(STR({x}))), false)"
            elif str(value) in DERIVED_INTEGERS:
                raise NotCompilable(f"sh:datatype {value}: Oxigraph keeps such values as xsd:integer")
            return text
        if name == "nodeKind":
            kinds = {
                "IRI": f"isIRI({x})", "BlankNode": f"isBlank({x})", "Literal": f"isLiteral({x})",
                "BlankNodeOrIRI": f"!isLiteral({x})", "BlankNodeOrLiteral": f"!isIRI({x})", "IRIOrLiteral": f"!isBlank({x})",
            }
            kind = str(value)[len(SH):] if str(value).startswith(SH) else ""
            if kind not in kinds:
                raise NotCompilable(f"an unknown sh:nodeKind {value}")
            return kinds[kind]
        if name == "pattern":
            flags = self.g.value(shape, _sh("flags"))
            args = Literal(str(value)).n3()
            if flags is not None:
                args += f", {Literal(str(flags)).n3()}"
            return f"!isBlank({x}) && REGEX(STR({x}), {args})"
        if name == "languageIn":
            tags = [Literal(str(t)).n3() for t in self.items(value)]
            if not tags:
                return "false"
            return f"isLiteral({x}) && (" + " || ".join(f"langMatches(lang({x}), {t})" for t in tags) + ")"
        if name == "in":
            members = [self.term(m) for m in self.items(value)]
            return " || ".join(f"sameTerm({x}, {m})" for m in members) if members else "false"
        if name in ("minLength", "maxLength"):
            op = ">=" if name == "minLength" else "<="
            return f"!isBlank({x}) && STRLEN(STR({x})) {op} {int(value)}"
        if name == "not":
            return f"!({self.conforms(value, x, depth + 1)})"
        if name == "node":
            return self.conforms(value, x, depth + 1)
        if name in ("and", "or"):
            members = [self.conforms(s, x, depth + 1) for s in self.items(value)]
            if not members:
                return "true" if name == "and" else "false"
            join = " && " if name == "and" else " || "
            return join.join(f"({m})" for m in members)
        if name == "xone":
            members = [self.conforms(s, x, depth + 1) for s in self.items(value)]
            if not members:
                return "false"
            return "(" + " + ".join(f"IF({m}, 1, 0)" for m in members) + ") = 1"
        raise NotCompilable(f"sh:{name}")

    def conforms(self, shape, x: str, depth: int = 0) -> str:
        """A SPARQL expression: the node in ``x`` conforms to ``shape`` (all its constraints).

        Args:
            shape: a node or property shape.
            x: the SPARQL variable of the node.
            depth: nesting depth so far (recursive shapes stop at :data:`MAX_DEPTH`).
        """
        if depth > MAX_DEPTH:
            raise NotCompilable("shapes nested too deep (or recursive)")
        if self.deactivated(shape):
            return "true"
        params = self._params(shape)
        parts = []
        if "path" in params:
            parts.append(self.property_holds(shape, x, depth))
        else:
            for name in VALUE_COMPONENTS:
                if name in params:
                    parts.append(self.value_expression(shape, name, x, depth))
            if "hasValue" in params:
                parts.extend(f"sameTerm({x}, {self.term(v)})" for v in self.g.objects(shape, _sh("hasValue")))
        for prop in self.g.objects(shape, _sh("property")):
            if not self.deactivated(prop):
                parts.append(self.property_holds(prop, x, depth + 1))
        return "(" + " && ".join(f"COALESCE({p}, false)" for p in parts) + ")" if parts else "true"

    def _distinct(self, x: str, path: str, n: int, condition: str | None) -> str:
        """A group pattern: ``x`` has ``n`` distinct values on ``path`` (meeting a condition)."""
        names = [self._fresh("n") for _ in range(n)]
        lines = [f"{x} {path} {v} ." for v in names]
        if condition is not None:
            lines += [f"FILTER ({condition.replace('?__v', v)})" for v in names]
        lines += [f"FILTER (!sameTerm({a}, {b}))" for i, a in enumerate(names) for b in names[i + 1:]]
        return " ".join(lines)

    def _not_instance(self, x: str, cls) -> str:
        """A pattern keeping the rows where the node in ``x`` is no instance of ``cls`` (``sh:class`` broken).

        ``MINUS`` of the class's instances rather than ``FILTER NOT EXISTS``: Oxigraph
        evaluates the instances once and anti-joins (0.56 s against 2.0 s for 178k focus
        nodes at a million triples). A literal or a node without the type stays, as it must.
        """
        return f"MINUS {{ {x} <{RDF_TYPE}>/<{RDFS}subClassOf>* {self.term(cls)} }}"

    def _more_than(self, focus: str, path: str, n: int, condition: str | None) -> str:
        """A SELECT of the focus nodes with more than ``n`` distinct values on a path (meeting a condition).

        Up to one value allowed, a self-join finds two distinct ones (2-3x faster in Oxigraph
        than grouping every focus node's values); above that, GROUP BY and COUNT.
        """
        if n <= 1:
            return f"SELECT DISTINCT ?this WHERE {{ {focus} {self._distinct('?this', path, n + 1, condition)} }}"
        where = f"?this {path} ?v ." + (f" FILTER ({condition.replace('?__v', '?v')})" if condition is not None else "")
        return f"SELECT ?this WHERE {{ {focus} {where} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {n})"

    def property_holds(self, prop, x: str, depth: int) -> str:
        """A SPARQL expression: the node in ``x`` meets every constraint of property shape ``prop``."""
        if depth > MAX_DEPTH:
            raise NotCompilable("shapes nested too deep (or recursive)")
        params = self._params(prop)
        path = self.path(self._one(prop, "path"))
        parts = []
        v = self._fresh("v")
        checks = [self.value_expression(prop, name, v, depth) for name in VALUE_COMPONENTS if name in params]
        for nested in self.g.objects(prop, _sh("property")):
            if not self.deactivated(nested):
                checks.append(self.property_holds(nested, v, depth + 1))
        if checks:
            condition = " && ".join(f"COALESCE({c}, false)" for c in checks)
            parts.append(f"NOT EXISTS {{ {x} {path} {v} . FILTER (!({condition})) }}")
        parts.extend(self._count_bounds(prop, params, x, path, None, "minCount", "maxCount"))
        for value in self.g.objects(prop, _sh("hasValue")):
            parts.append(f"EXISTS {{ {x} {path} {self.term(value)} }}")
        if "uniqueLang" in params and _is_true(self._one(prop, "uniqueLang")):
            a, b = self._fresh("a"), self._fresh("b")
            parts.append(f"NOT EXISTS {{ {x} {path} {a} , {b} . {self._same_lang(a, b)} }}")
        if "qualifiedValueShape" in params:
            condition = self._qualified_condition(prop, "?__v", depth)
            parts.extend(self._count_bounds(prop, params, x, path, condition, "qualifiedMinCount", "qualifiedMaxCount"))
        return " && ".join(f"({p})" for p in parts) if parts else "true"

    def _count_bounds(self, prop, params, x: str, path: str, condition, low: str, high: str) -> list[str]:
        """The expressions of a nested shape's count bounds (``sh:minCount``/``sh:maxCount``, or
        their qualified forms with ``condition`` on the values).

        Raises:
            NotCompilable: a bound too large to write as one expression.
        """
        parts = []
        if low in params:
            n = self._int(prop, low)
            if n > MAX_COUNT_IN_EXPRESSION:
                raise NotCompilable(f"sh:{low} above 4 in a nested shape")
            if n > 0:
                parts.append(f"EXISTS {{ {self._distinct(x, path, n, condition)} }}")
        if high in params:
            n = self._int(prop, high)
            if n >= MAX_COUNT_IN_EXPRESSION:
                raise NotCompilable(f"sh:{high} above 3 in a nested shape")
            parts.append(f"NOT EXISTS {{ {self._distinct(x, path, n + 1, condition)} }}")
        return parts

    @staticmethod
    def _same_lang(a: str, b: str) -> str:
        return (
            f"FILTER (isLiteral({a}) && isLiteral({b}) && !sameTerm({a}, {b}) "
            f"&& lang({a}) != \"\" && LCASE(lang({a})) = LCASE(lang({b})))"
        )

    def _qualified_condition(self, prop, x: str, depth: int) -> str:
        """The value in ``x`` conforms to the qualified value shape (and to no sibling, if disjoint)."""
        shapes = list(self.g.objects(prop, _sh("qualifiedValueShape")))
        if len(shapes) != 1:
            raise NotCompilable("sh:qualifiedValueShape given more than once")
        condition = f"COALESCE({self.conforms(shapes[0], x, depth + 1)}, false)"
        disjoint = self.g.value(prop, _sh("qualifiedValueShapesDisjoint"))
        if disjoint is not None and disjoint.toPython() is True:
            siblings = set()
            for parent in self.g.subjects(_sh("property"), prop):
                for other in self.g.objects(parent, _sh("property")):
                    if other != prop:
                        siblings.update(self.g.objects(other, _sh("qualifiedValueShape")))
            for sibling in sorted(siblings - set(shapes), key=str):
                condition += f" && !COALESCE({self.conforms(sibling, x, depth + 1)}, false)"
        return condition

    # -- focus nodes ----------------------------------------------------------------------

    def targets(self, shape, this: str = "?this") -> str | None:
        """A group pattern binding ``this`` to the shape's focus nodes, or None without targets.

        Args:
            shape: a shape with targets.
            this: the variable to bind.
        """
        from rdflib import URIRef
        from rdflib.namespace import RDF, RDFS as RDFS_NS

        branches = []
        classes = [self.term(c) for c in self.g.objects(shape, _sh("targetClass"))]
        if (shape, RDF.type, RDFS_NS.Class) in self.g and isinstance(shape, URIRef):
            classes.append(self.term(shape))
        if classes:
            c = self._fresh("c")
            branches.append(
                f"VALUES {c} {{ {' '.join(sorted(set(classes)))} }} {this} <{RDF_TYPE}>/<{RDFS}subClassOf>* {c} ."
            )
        for p in self.g.objects(shape, _sh("targetSubjectsOf")):
            branches.append(f"{this} {self.term(p)} {self._fresh('o')} .")
        for p in self.g.objects(shape, _sh("targetObjectsOf")):
            branches.append(f"{self._fresh('s')} {self.term(p)} {this} .")
        nodes = [self.term(n) for n in self.g.objects(shape, _sh("targetNode"))]
        if nodes:
            branches.append(f"VALUES {this} {{ {' '.join(nodes)} }}")
        if not branches:
            return None
        inner = " UNION ".join(f"{{ {b} }}" for b in branches)
        return f"{{ SELECT DISTINCT {this} WHERE {{ {inner} }} }}"

    # -- the top-level queries ------------------------------------------------------------

    def queries(self, shape, focus: str | None = None) -> list[CoreQuery]:
        """Every query of one shape: its own constraints, then those of its property shapes.

        Args:
            shape: a shape of the shapes graph.
            focus: the group pattern of its focus nodes (``?this``); by default its targets.

        Raises:
            NotCompilable: the shape (or one nested in it) uses something not compiled.
        """
        from rdflib import URIRef

        if self.deactivated(shape):
            return []
        focus = focus if focus is not None else self.targets(shape)
        if focus is None:
            return []
        params = self._params(shape)
        out: list[CoreQuery] = []
        path_node = self.g.value(shape, _sh("path")) if "path" in params else None

        def add(component: str, text: str, parameter: Any = None) -> None:
            out.append(CoreQuery(shape=shape, component=URIRef(SH + component), path=path_node, text=text, parameter=parameter))

        if path_node is None:
            for name in VALUE_COMPONENTS:
                if name in params:
                    for value in self.g.objects(shape, _sh(name)):
                        if name == "class":
                            where = f"{focus} {self._not_instance('?this', value)}"
                        else:
                            expression = self._value_expression(shape, name, value, "?this", 0)
                            where = f"{focus} FILTER (!COALESCE({expression}, false))"
                        add(_component(name), f"SELECT DISTINCT ?this (?this AS ?value) WHERE {{ {where} }}", value)
            for value in self.g.objects(shape, _sh("hasValue")):
                add("HasValueConstraintComponent", f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER (!sameTerm(?this, {self.term(value)})) }}", value)
            for prop in self.g.objects(shape, _sh("property")):
                out.extend(self.queries(prop, focus))
            return out

        path = self.path(path_node)
        for name in VALUE_COMPONENTS:
            if name in params:
                for value in self.g.objects(shape, _sh(name)):
                    if name == "class":
                        check = self._not_instance("?value", value)
                    else:
                        check = f"FILTER (!COALESCE({self._value_expression(shape, name, value, '?value', 0)}, false))"
                    add(_component(name), f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . {check} }}", value)
        if "minCount" in params:
            n = self._int(shape, "minCount")
            if n == 1:
                add("MinCountConstraintComponent", f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?any }} }}")
            elif n > 1:
                add(
                    "MinCountConstraintComponent",
                    f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?v }} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})",
                )
        if "maxCount" in params:
            n = self._int(shape, "maxCount")
            add("MaxCountConstraintComponent", self._more_than(focus, path, n, None))
        for value in self.g.objects(shape, _sh("hasValue")):
            add("HasValueConstraintComponent", f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} {self.term(value)} }} }}", value)
        if "uniqueLang" in params and _is_true(self._one(shape, "uniqueLang")):
            add(
                "UniqueLangConstraintComponent",
                f"SELECT DISTINCT ?this (LCASE(lang(?a)) AS ?lang) WHERE {{ {focus} ?this {path} ?a , ?b . {self._same_lang('?a', '?b')} }}",
            )
        if "qualifiedValueShape" in params:
            # written for the value in ?__v (no other variable starts so); ?v where one value is asked
            qualified = self._qualified_condition(shape, "?__v", 0)
            condition = qualified.replace("?__v", "?v")
            if "qualifiedMinCount" in params:
                n = self._int(shape, "qualifiedMinCount")
                if n == 1:  # no value conforms: one lookup per focus node, no grouping
                    add(
                        "QualifiedMinCountConstraintComponent",
                        f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?v . FILTER ({condition}) }} }}",
                    )
                elif n > 1:
                    add(
                        "QualifiedMinCountConstraintComponent",
                        f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?v . FILTER ({condition}) }} }} "
                        f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})",
                    )
            if "qualifiedMaxCount" in params:
                n = self._int(shape, "qualifiedMaxCount")
                add("QualifiedMaxCountConstraintComponent", self._more_than(focus, path, n, qualified))
        nested = [p for p in self.g.objects(shape, _sh("property")) if not self.deactivated(p)]
        if nested:
            inner = f"{{ SELECT DISTINCT ?this WHERE {{ {focus.replace('?this', '?parent')} ?parent {path} ?this . }} }}"
            for prop in nested:
                out.extend(self.queries(prop, inner))
        return out


def _is_true(value) -> bool:
    """True for exactly ``"true"^^xsd:boolean`` (``"1"^^xsd:boolean`` is another term: SHACL asks for true)."""
    return str(value) == "true" and str(getattr(value, "datatype", "")) == XSD + "boolean"


def _component(name: str) -> str:
    return name[0].upper() + name[1:] + "ConstraintComponent"


def shapes_with_targets(shapes) -> list:
    """Every shape of a shapes graph that has a target, in a stable order.

    Args:
        shapes: the shapes graph.
    """
    from rdflib import URIRef
    from rdflib.namespace import RDF, RDFS as RDFS_NS

    found = set()
    for name in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"):
        found.update(shapes.subjects(_sh(name), None))
    for kind in ("NodeShape", "PropertyShape"):
        for shape in shapes.subjects(RDF.type, _sh(kind)):
            if (shape, RDF.type, RDFS_NS.Class) in shapes and isinstance(shape, URIRef):
                found.add(shape)
    return sorted(found, key=lambda s: (type(s).__name__, str(s)))


def compile_shapes(shapes, *, casts: bool = True) -> tuple[list[CoreQuery], list]:
    """Compile every shape with a target: the queries, and the shapes left to pySHACL.

    Args:
        shapes: the shapes graph (its ``sh:sparql`` constraints are ignored here).
        casts: see :class:`Compiler`.
    """
    compiler = Compiler(shapes, casts=casts)
    queries: list[CoreQuery] = []
    left = []
    for shape in shapes_with_targets(shapes):
        try:
            queries.extend(compiler.queries(shape))
        except NotCompilable:
            left.append(shape)
    return queries, left


def run_queries(select: Callable[[str], list[dict]], queries: list[CoreQuery]) -> list[CoreResult]:
    """Run compiled queries; every row is a result.

    Args:
        select: runs a SELECT and returns rows (variable name to rdflib term).
        queries: from :func:`compile_shapes`.
    """
    results = set()
    for query in queries:
        for row in select(query.text):
            this = row.get("this")
            if this is None:
                continue
            detail = (query.parameter, *(row[k] for k in sorted(row) if k not in ("this", "value")))
            results.add(CoreResult(query.shape, query.component, this, query.path, row.get("value"), detail))
    return sorted(results, key=lambda r: tuple(str(x) for x in (r.shape, r.component, r.focus, r.path, r.value, r.detail)))
