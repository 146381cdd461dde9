"""Install the explorer's JavaScript from npm and copy the built files (with licences) into static/vendor.

Run by ``make vendor``; the result is committed, so nothing is fetched at run time or at install time.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "static" / "vendor"
PACKAGES = {"cytoscape": "3.35.0", "cytoscape-dagre": "4.0.1", "swagger-ui-dist": "5.35.0"}
FILES = {
    "cytoscape": ("cytoscape", ["dist/cytoscape.min.js", "LICENSE"]),
    # the hierarchical (top-down) layout; its build bundles dagre (MIT) itself
    "cytoscape-dagre": ("cytoscape-dagre", ["dist/cytoscape-dagre.min.js", "LICENSE"]),
    "swagger-ui-dist": ("swagger-ui", ["swagger-ui-bundle.js", "swagger-ui-bundle.js.LICENSE.txt", "swagger-ui.css",
                                       "LICENSE", "NOTICE"]),
}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kingmaker-vendor-") as tmp:
        (Path(tmp) / "package.json").write_text(json.dumps({"private": True, "dependencies": PACKAGES}))
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=tmp, check=True)
        for package, (target, files) in FILES.items():
            out = VENDOR / target
            out.mkdir(parents=True, exist_ok=True)
            for name in files:
                src = Path(tmp) / "node_modules" / package / name
                text = src.read_bytes()
                if name.endswith((".js", ".css")):  # source maps are not shipped: drop their references
                    text = b"\n".join(l for l in text.split(b"\n") if b"sourceMappingURL=" not in l)
                (out / Path(name).name).write_bytes(text)
    (VENDOR / "VERSIONS.json").write_text(json.dumps(PACKAGES, indent=1) + "\n")
    print(f"vendored {', '.join(f'{k} {v}' for k, v in PACKAGES.items())} into {VENDOR}")


if __name__ == "__main__":
    main()
