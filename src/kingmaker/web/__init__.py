"""The web explorer: static files (HTML, CSS, JavaScript, vendored Cytoscape.js) served by ``kingmaker serve``."""
