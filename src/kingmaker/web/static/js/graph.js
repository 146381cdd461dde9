// The interactive graph (Cytoscape.js and cytoscape-dagre, vendored). Nodes are shaped by actor kind;
// each relation kind has its own line (colour by family, dash and arrow by kind) and a label (kind, share
// or role); economic interest is drawn as its own thin dotted line, not as ownership. The layout is
// hierarchical — owners above what they own — and computed once over the union of all dates of the
// story, so positions stay put while the date moves. Ties gained since the previous step glow green;
// ties and actors lost are drawn faded and dashed.

const COLOURS = { ownership: '#1f6fb4', control: '#c0392b', board: '#7d3c98', dependency: '#d68910' };
const ARROWS = { ownership: 'triangle', control: 'tee', board: 'square', dependency: 'vee' };
// kinds that differ from their family's line
const KIND_STYLE = {
  economic_interest: { colour: '#138d75', line: 'dotted', arrow: 'circle-triangle', fixedWidth: 2.5 },
  voting_rights: { line: 'solid', arrow: 'diamond' },
  officer: { line: 'dashed' },
  offer: { line: 'dashed', arrow: 'chevron' },
  other_influence: { line: 'dashed', colour: '#e74c3c' },
  financing: { colour: '#b9770e' },
  licence: { line: 'dotted' },
  employment: { colour: '#a6acaf', line: 'dashed' },
};
const SHAPES = { person: 'ellipse', company: 'round-rectangle', nonprofit: 'hexagon', group: 'barrel',
  fund: 'rhomboid', state: 'diamond', state_body: 'diamond', partnership: 'round-rectangle', unknown: 'octagon' };

const colour = (e) => (KIND_STYLE[e.data('kind')] || {}).colour || COLOURS[e.data('category')] || '#888';
const width = (e) => {
  const fixed = (KIND_STYLE[e.data('kind')] || {}).fixedWidth;
  if (fixed) return fixed;
  return e.data('weight') == null ? 2 : 1.5 + 6 * e.data('weight');
};

const STYLE = [
  { selector: 'node', style: {
    label: 'data(name)', 'font-size': 11, 'text-wrap': 'wrap', 'text-max-width': 110, 'text-valign': 'bottom',
    'text-margin-y': 4, 'text-background-color': '#fff', 'text-background-opacity': 0.8, 'text-background-padding': 1,
    'background-color': '#8aa4bf', shape: (n) => SHAPES[n.data('kind')] || 'ellipse',
    width: 26, height: 26, 'border-width': 1, 'border-color': '#44576b', 'z-index': 10 } },
  { selector: 'node[?centre]', style: { 'background-color': '#f1c40f', width: 36, height: 36, 'border-width': 2 } },
  { selector: 'node[?unspecified]', style: { 'border-style': 'dashed', 'border-width': 2, 'background-color': '#ddd' } },
  { selector: 'node:selected', style: { 'border-color': '#f39c12', 'border-width': 4 } },
  { selector: 'edge', style: {
    'curve-style': 'bezier', 'control-point-step-size': 36, 'line-color': colour, 'target-arrow-color': colour,
    'line-style': (e) => (KIND_STYLE[e.data('kind')] || {}).line || 'solid',
    'target-arrow-shape': (e) => (KIND_STYLE[e.data('kind')] || {}).arrow || ARROWS[e.data('category')] || 'triangle',
    width, opacity: 0.85, label: 'data(text)', 'font-size': 9, color: '#333', 'text-rotation': 'autorotate',
    'text-background-color': '#fff', 'text-background-opacity': 0.85, 'text-background-padding': 1,
    'text-events': 'no', 'z-index': 1 } },
  { selector: 'edge[?unspecified]', style: { 'line-style': 'dashed' } },
  { selector: 'edge.gained', style: { 'underlay-color': '#2ecc71', 'underlay-opacity': 0.45, 'underlay-padding': 5, 'z-index': 5 } },
  { selector: 'node.gained', style: { 'underlay-color': '#2ecc71', 'underlay-opacity': 0.45, 'underlay-padding': 7 } },
  { selector: 'edge.lost', style: { opacity: 0.45, 'line-style': 'dashed', 'line-color': '#95a5a6',
    'target-arrow-color': '#95a5a6', color: '#7f8c8d', width: 1.5 } },
  { selector: 'node.lost', style: { opacity: 0.4, 'border-style': 'dashed' } },
  { selector: 'edge:selected', style: { 'overlay-color': '#f1c40f', 'overlay-opacity': 0.35, 'overlay-padding': 4 } },
  // screening: listed parties in black, entities caught in red, possibly caught in amber, a family haloed blue
  { selector: 'node.caught', style: { 'background-color': '#e74c3c' } },
  { selector: 'node.possibly-caught', style: { 'background-color': '#f5b041' } },
  { selector: 'node.designated', style: { 'background-color': '#111', 'border-color': '#c0392b', 'border-width': 3 } },
  { selector: 'node.family', style: { 'underlay-color': '#5dade2', 'underlay-opacity': 0.5, 'underlay-padding': 8 } },
];

const SCREEN_CLASSES = 'designated caught possibly-caught';

// Mark the entities a screening report lists (kingmaker screen --json / GET /api/screen).
export function markScreening(cy, report) {
  cy.nodes().removeClass(SCREEN_CLASSES);
  for (const r of report.results) {
    const n = cy.getElementById(r.actor);
    if (n.empty()) continue;
    n.addClass(r.basis === 'listed' ? 'designated' : r.status === 'certainly' ? 'caught' : 'possibly-caught');
  }
}

// Halo the members of a corporate family (GET /api/actors/{id}/subsidiaries), the holder included.
export function markFamily(cy, family) {
  cy.nodes().removeClass('family');
  if (!family) return;
  for (const id of [family.holder, ...family.members.filter((m) => m.member !== 'no').map((m) => m.actor)]) {
    cy.getElementById(id).addClass('family');
  }
}

export function createGraph(container, { onEdge, onNode }) {
  const cy = window.cytoscape({ container, style: STYLE, minZoom: 0.15, maxZoom: 3, wheelSensitivity: 0.4 });
  cy.on('tap', 'edge', (event) => onEdge(event.target.id()));
  cy.on('tap', 'node', (event) => onNode(event.target.id()));
  return cy;
}

function nodeElement(n, centre, extra = {}) {
  return { group: 'nodes', data: { ...n, centre: n.id === centre }, ...extra };
}

function edgeElement(e, text) {
  return { group: 'edges', data: { id: e.id, source: e.holder, target: e.subject, kind: e.kind, category: e.category,
    weight: e.weight, unspecified: e.unspecified, text } };
}

// Positions for the story's union graph: top-down, owners above, computed once per actor and depth.
export function layoutStory(cy, story, label) {
  const els = story.nodes.map((n) => nodeElement(n, story.centre))
    .concat(story.edges.map((e) => edgeElement(e, label(e))));
  cy.batch(() => { cy.elements().remove(); cy.add(els); });
  cy.layout({ name: 'dagre', rankDir: 'TB', nodeSep: 30, edgeSep: 12, rankSep: 95, nodeDimensionsIncludeLabels: true,
    edgeWeight: (e) => (e.data('category') === 'ownership' ? 4 : 1), animate: false, fit: false }).run();
  const positions = {};
  cy.nodes().forEach((n) => { positions[n.id()] = { ...n.position() }; });
  return positions;
}

// Draw one date: its nodes and edges at their story positions, gained ones marked, lost ones faded.
export function drawGraph(cy, data, positions, label) {
  const lostNodes = data.lost_nodes || [];
  const gainedNodes = new Set(data.gained_nodes || []);
  const gained = new Set(data.gained || []);
  const place = (n) => positions[n.id] ? { position: { ...positions[n.id] } } : {};
  const els = data.nodes.map((n) => nodeElement(n, data.centre, { ...place(n), classes: gainedNodes.has(n.id) ? 'gained' : '' }))
    .concat(lostNodes.map((n) => nodeElement(n, data.centre, { ...place(n), classes: 'lost' })))
    .concat(data.edges.map((e) => ({ ...edgeElement(e, label(e)), classes: gained.has(e.id) ? 'gained' : '' })))
    .concat((data.lost || []).map((e) => ({ ...edgeElement(e, label(e)), classes: 'lost' })));
  cy.batch(() => { cy.elements().remove(); cy.add(els); });
  placeNewcomers(cy, positions);
  cy.resize();  // the page above the graph may have changed (panels shown or hidden): re-read its box
  cy.fit(undefined, 30);
}

// Actors without a story position (expanded neighbours): on a circle around the first placed neighbour.
export function placeNewcomers(cy, positions) {
  const loose = cy.nodes().filter((n) => !positions[n.id()]);
  const byAnchor = {};
  loose.forEach((n) => {
    const anchor = n.neighborhood('node').filter((m) => positions[m.id()])[0];
    const key = anchor ? anchor.id() : '';
    (byAnchor[key] = byAnchor[key] || []).push(n);
  });
  for (const [key, list] of Object.entries(byAnchor)) {
    const centre = key ? positions[key] : { x: 0, y: 0 };
    list.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / list.length + Math.PI / 6;
      positions[n.id()] = { x: centre.x + 170 * Math.cos(angle), y: centre.y + 150 * Math.sin(angle) };
      n.position({ ...positions[n.id()] });
    });
  }
}

// Add an actor's neighbours (from the API) to the graph as it is, keeping everything else in place.
export function expand(cy, data, positions, label) {
  const els = data.nodes.filter((n) => cy.getElementById(n.id).empty()).map((n) => nodeElement(n, null, { classes: 'expanded' }))
    .concat(data.edges.filter((e) => cy.getElementById(e.id).empty()).map((e) => edgeElement(e, label(e))));
  cy.add(els);
  placeNewcomers(cy, positions);
  return els.length;
}

// -- export ---------------------------------------------------------------------------------------------
export function toPng(cy) {
  return cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff' });
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// The current view as SVG, drawn from Cytoscape's own geometry (node positions, edge end points and
// control points, computed styles). (cytoscape-svg is GPL-3.0, which the Apache-2.0 package cannot ship.)
export function toSvg(cy) {
  const bb = cy.elements().boundingBox({ includeLabels: true });
  const pad = 20;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(bb.w + 2 * pad)}" height="${Math.ceil(bb.h + 2 * pad)}" `
    + `viewBox="${bb.x1 - pad} ${bb.y1 - pad} ${bb.w + 2 * pad} ${bb.h + 2 * pad}" font-family="sans-serif">`,
  `<rect x="${bb.x1 - pad}" y="${bb.y1 - pad}" width="${bb.w + 2 * pad}" height="${bb.h + 2 * pad}" fill="#fff"/>`];
  cy.edges().forEach((e) => {
    const s = e.sourceEndpoint(), t = e.targetEndpoint();
    const cps = e.controlPoints() || [];
    let d = `M ${s.x} ${s.y}`;
    if (cps.length === 1) d += ` Q ${cps[0].x} ${cps[0].y} ${t.x} ${t.y}`;
    else if (cps.length > 1) {
      for (let i = 0; i < cps.length; i++) {
        const next = i + 1 < cps.length ? { x: (cps[i].x + cps[i + 1].x) / 2, y: (cps[i].y + cps[i + 1].y) / 2 } : t;
        d += ` Q ${cps[i].x} ${cps[i].y} ${next.x} ${next.y}`;
      }
    } else d += ` L ${t.x} ${t.y}`;
    const stroke = e.style('line-color');
    const dash = { dashed: '6 4', dotted: '2 3' }[e.style('line-style')] || '';
    out.push(`<g class="edge" data-id="${esc(e.id())}" data-kind="${esc(e.data('kind'))}" opacity="${e.style('opacity')}">`
      + `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${parseFloat(e.style('width'))}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    const last = cps.length ? cps[cps.length - 1] : s;
    const angle = Math.atan2(t.y - last.y, t.x - last.x);
    const a1 = angle + Math.PI - 0.4, a2 = angle + Math.PI + 0.4, len = 9;
    out.push(`<polygon points="${t.x},${t.y} ${t.x + len * Math.cos(a1)},${t.y + len * Math.sin(a1)} `
      + `${t.x + len * Math.cos(a2)},${t.y + len * Math.sin(a2)}" fill="${stroke}"/>`);
    if (e.data('text')) {
      const m = e.midpoint();
      out.push(`<text x="${m.x}" y="${m.y}" font-size="9" text-anchor="middle" fill="#333" paint-order="stroke" `
        + `stroke="#fff" stroke-width="3">${esc(e.data('text'))}</text>`);
    }
    out.push('</g>');
  });
  cy.nodes().forEach((n) => {
    const p = n.position(), w = n.width(), h = n.height();
    const fill = n.style('background-color'), stroke = n.style('border-color');
    const shape = n.style('shape');
    const body = shape === 'ellipse'
      ? `<ellipse cx="${p.x}" cy="${p.y}" rx="${w / 2}" ry="${h / 2}"`
      : `<rect x="${p.x - w / 2}" y="${p.y - h / 2}" width="${w}" height="${h}" rx="${shape.startsWith('round') ? 5 : 0}"`;
    out.push(`<g class="node" data-id="${esc(n.id())}" opacity="${n.style('opacity')}">${body} fill="${fill}" stroke="${stroke}" `
      + `stroke-width="${parseFloat(n.style('border-width'))}"/>`
      + `<text x="${p.x}" y="${p.y + h / 2 + 13}" font-size="11" text-anchor="middle" fill="#222">${esc(n.data('name'))}</text></g>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
