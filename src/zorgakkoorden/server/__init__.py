"""The SPARQL 1.1 Protocol endpoint of ``zorgakkoorden serve`` and the Graph Store client of ``push``.

- :mod:`.app`: the Starlette application (``/sparql``, the YASGUI query page, the static site);
- :mod:`.engines`: running a query on rdflib or pyoxigraph and serialising the answer;
- :mod:`.workers`: worker processes (or threads) that enforce the time limit;
- :mod:`.negotiation`: choosing the answer's media type;
- :mod:`.push`: loading the graph into another SPARQL server (Graph Store Protocol).

Updates and SERVICE are refused by :mod:`zorgakkoorden.query.guard`.

Needs the extra ``server`` (starlette, uvicorn, httpx).
"""
