// The interactive graph (Cytoscape.js, vendored): node shapes by actor kind, edge colour and arrow by
// category, width by share, dashed lines for ties of unknown / unspecified parties.

const COLOURS = { ownership: '#1f6fb4', control: '#c0392b', board: '#7d3c98', dependency: '#d68910' };
const ARROWS = { ownership: 'triangle', control: 'tee', board: 'square', dependency: 'vee' };
const SHAPES = { person: 'ellipse', company: 'round-rectangle', nonprofit: 'hexagon', group: 'barrel',
  fund: 'rhomboid', state: 'diamond', state_body: 'diamond', partnership: 'round-rectangle', unknown: 'octagon' };

const STYLE = [
  { selector: 'node', style: {
    label: 'data(name)', 'font-size': 11, 'text-wrap': 'wrap', 'text-max-width': 120, 'text-valign': 'bottom',
    'text-margin-y': 4, 'background-color': '#8aa4bf', shape: (n) => SHAPES[n.data('kind')] || 'ellipse',
    width: 26, height: 26, 'border-width': 1, 'border-color': '#44576b' } },
  { selector: 'node[?centre]', style: { 'background-color': '#f1c40f', width: 36, height: 36, 'border-width': 2 } },
  { selector: 'node[?unspecified]', style: { 'border-style': 'dashed', 'border-width': 2, 'background-color': '#ddd' } },
  { selector: 'edge', style: {
    'curve-style': 'bezier', 'line-color': (e) => COLOURS[e.data('category')] || '#888',
    'target-arrow-color': (e) => COLOURS[e.data('category')] || '#888',
    'target-arrow-shape': (e) => ARROWS[e.data('category')] || 'triangle',
    width: (e) => (e.data('weight') == null ? 2 : 1.5 + 8 * e.data('weight')), opacity: 0.85 } },
  { selector: 'edge[?unspecified]', style: { 'line-style': 'dashed' } },
  { selector: 'edge:selected', style: { 'overlay-color': '#f1c40f', 'overlay-opacity': 0.35, 'overlay-padding': 4 } },
];

export function createGraph(container, onEdge) {
  const cy = window.cytoscape({ container, style: STYLE, minZoom: 0.2, maxZoom: 3 });
  cy.on('tap', 'edge', (event) => onEdge(event.target.id()));
  return cy;
}

// Replace the graph's elements with a neighbourhood from the API.
export function drawGraph(cy, data) {
  const nodes = data.nodes.map((n) => ({ group: 'nodes', data: { ...n, centre: n.id === data.centre } }));
  const edges = data.edges.map((e) => ({ group: 'edges', data: {
    id: e.id, source: e.holder, target: e.subject, kind: e.kind, category: e.category, weight: e.weight,
    unspecified: e.unspecified } }));
  cy.batch(() => { cy.elements().remove(); cy.add(nodes.concat(edges)); });
  cy.layout({ name: 'concentric', concentric: (n) => 10 - n.data('distance'), levelWidth: () => 1,
    minNodeSpacing: 60, spacingFactor: 1.1, animate: false }).run();
  cy.fit(undefined, 30);
}
