"""Every write of the web layer goes through an actions module (issue 9 item 5): no other module calls
an ORM write (``.save()``, ``.delete()``, ``Model.objects.create/update/...``, a queryset's
``.update/.delete``). The check reads the source (ast), so a new view that writes directly fails here
before it ever runs."""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).resolve().parents[1] / "src" / "chiso" / "web"

# The modules that write, each in a transaction and audited (``chiso.web.audit.actions.record``).
WRITERS = {
    "audit/actions.py",  # the audit itself: adds entries
    "people/actions.py",
    "indexdata/actions.py",
    "indexdata/frameworks.py",  # the framework of a year and node metadata
    "indexdata/bulk.py",  # the constant-query writes indexdata.actions uses
    "imports/service.py",  # the imports app's actions: preview batches, apply, discard
    "steering/actions.py",
    "people/reference.py",  # the official list of provinces (reference data, `load_reference`)
    "indexdata/methodology.py",  # the methodology of a year (its save action, audited)
    "plans/actions.py",
    "api/tokens.py",  # the API's actions: tokens created and revoked (audited), last use, failed attempts
}
WRITES = {"save", "delete", "create", "update", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
QUERYSET = {"objects", "filter", "exclude", "all", "select_for_update", "select_related", "order_by"}


def _chain(node: ast.AST) -> list[str]:
    """The attribute and call names a receiver is made of: ``A.objects.filter(x)`` -> [A, objects, filter]."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names[::-1]
        else:
            return names[::-1]


def orm_writes(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        if name not in WRITES:
            continue
        receiver = _chain(node.func.value)
        on_queryset = bool(QUERYSET & set(receiver[1:])) or receiver[-1:] == ["objects"]
        on_instance = name in ("save", "delete") and not node.args  # obj.save(), obj.save(update_fields=...)
        if on_queryset or on_instance:
            found.append((node.lineno, ".".join([*receiver, name])))
    return found


def test_only_actions_modules_write():
    offenders = []
    for path in sorted(WEB.rglob("*.py")):
        rel = path.relative_to(WEB).as_posix()
        if "/migrations/" in rel or rel in WRITERS:
            continue
        offenders += [f"{rel}:{line} {call}" for line, call in orm_writes(path.read_text(encoding="utf-8"))]
    assert not offenders, "write through an actions module instead:\n" + "\n".join(offenders)


def test_the_check_finds_the_writes_it_is_about():
    """The check is not blind: each way a view could write is caught; look-alikes are not."""
    caught = orm_writes(
        "def view(request, b):\n"
        "    b.status = 'x'\n"
        "    b.save(update_fields=['status'])\n"
        "    Scenario.objects.create(name='a')\n"
        "    RawValue.objects.filter(code='1').update(value=None)\n"
        "    Target.objects.filter(code='1').delete()\n"
        "    b.delete()\n"
        "    Agency.objects.get_or_create(name='a')\n"
    )
    assert [line for line, _ in caught] == [3, 4, 5, 6, 7, 8]
    harmless = orm_writes(
        "def view(request):\n"
        "    data.update({'a': 1})\n"
        "    defaults.update(p=1)\n"
        "    book.save(buf)\n"
        "    np.delete(scores, 3)\n"
        "    default_storage.delete(name)\n"
    )
    assert harmless == []


def test_the_writers_exist():
    """A writer renamed or removed must leave this list too (else the check silently allows a new file)."""
    assert all((WEB / rel).is_file() for rel in WRITERS), sorted(rel for rel in WRITERS if not (WEB / rel).is_file())
