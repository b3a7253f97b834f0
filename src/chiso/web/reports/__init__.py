"""Report contexts: what a province's reports say, as typed objects built once from the core's
results and the stored index data, and rendered by every output — the HTML pages, the XLSX export,
and next the Word documents and the API.

- ``overview``: the province-year overview (position, change on the year before, sub-indices,
  pillars and groups with score, rank, national mean, gap and target status, strengths and
  weaknesses, neighbours in the ranking, trend).
- ``indicators``: the indicator table (one row per indicator) and the page of one indicator.

No request and no response here: a builder takes the page context (framework, year, computed
result: ``chiso.web.common.context.Context``) and a province; names are in the active language.
Every object reads like a mapping too (``row["code"]``) and turns into plain JSON with ``to_dict()``.
"""
