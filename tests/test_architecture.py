"""The shape of the code: no import cycles between modules (import-linter checks the layers)."""

from pathlib import Path

import grimp

PACKAGES = (
    "core",
    "courts",
    "activities",
    "casegroups",
    "symposia",
    "training",
    "publicity",
    "reports",
    "library",
    "portal",
)


def _cycles() -> list[list[str]]:
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)
    modules = sorted(m for m in graph.modules if ".migrations" not in m)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & set(modules)) for m in modules}
    # Tarjan's strongly connected components: a component of two or more modules is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles():
    """Imports inside functions count too: a lazy import that hides a cycle is still a cycle.
    (Imports only for type checkers do not: they never run.)"""
    assert _cycles() == []


def test_every_view_fetches_its_objects_through_one_door():
    """Views fetch through core.access.fetch (or core.access.shown) with a rule: no
    get_object_or_404, no fetch without a rule, no object refusal of its own other than 404."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = []
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "views" not in path.parts and path.name not in {"views.py", "public.py"}:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                where = f"{path.relative_to(root)}:{node.lineno}"
                if name == "get_object_or_404":
                    offenders.append(f"{where} get_object_or_404")
                if name in {"fetch", "shown"}:
                    rule = next((k.value for k in node.keywords if k.arg == "rule"), None)
                    if rule is None or (isinstance(rule, ast.Constant) and rule.value is None):
                        offenders.append(f"{where} {name} without a rule")
    assert offenders == []


def _view_modules():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            is_view = "views" in path.parts or path.name in {"views.py", "public.py"}
            if is_view and path.parent.name != "core":
                yield root, path


def test_the_view_idiom_is_written_once():
    """Form → service → its error on the form → message → redirect is core.views.submit (a
    button's action core.views.perform); no view writes it by hand again."""
    import re

    by_hand = re.compile(
        r"add_service_error\(|request\.method == \"POST\" and \w*form\w*\.is_valid\(\)"
    )
    offenders = [
        f"{path.relative_to(root)}: {m.group(0)}"
        for root, path in _view_modules()
        for m in by_hand.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert by_hand.search('    if request.method == "POST" and form.is_valid():')


def test_imports_are_at_module_level():
    """A function-level import of the project's own modules hides what depends on what. The one
    place they stay is AppConfig.ready(), where Django only then lets models load."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    lazy = []
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts or path.name == "apps.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom):
                        module = inner.module or ""
                        if inner.level or module.split(".")[0] in (*PACKAGES, "tests", "bench"):
                            lazy.append(f"{path.relative_to(root)}:{inner.lineno} {module}")
                    elif isinstance(inner, ast.Import):
                        names = [a.name for a in inner.names]
                        if any(n.split(".")[0] in (*PACKAGES, "tests", "bench") for n in names):
                            lazy.append(f"{path.relative_to(root)}:{inner.lineno} {names}")
    assert lazy == []


def test_no_markup_is_built_in_python():
    """Markup is written in templates; Python hands them data (core.lists.Piece for a list's
    cells). Template tags may escape and mark their own template's output safe."""
    import re

    built = re.compile(r"format_html(_join)?\(|\bf[\"']<[a-z]|[\"']<(span|a|td|th|li|div|option)\b")
    offenders = []
    for package in PACKAGES:
        root = Path(__file__).resolve().parent.parent
        for path in (root / package).rglob("*.py"):
            if {"migrations", "templatetags"} & set(path.parts):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if built.search(line):
                    offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []
    assert built.search("x = format_html('<b>{}</b>', y)")
    assert built.search("return f'<td>{x}</td>'")
