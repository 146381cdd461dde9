// The explorer: search → actor page (graph, date slider, evidence, board, owners, assessment, what-if).
import { api, clear, el } from './dom.js';
import { createGraph, drawGraph } from './graph.js';
import { getLang, setLang, t, translatePage } from './i18n.js';
import { renderAssessment, renderBoard, renderEvidence, renderOwnership, renderTies, renderWhatIf } from './panels.js';

const $ = (id) => document.getElementById(id);
const state = { actor: null, dates: [], day: null, cy: null, ties: null, graph: null, whatif: null, seq: 0 };

function status(text, isError = false) {
  const node = $('status');
  node.textContent = text || '';
  node.className = isError ? 'error' : 'muted';
}

async function search(query) {
  if (!query.trim()) return;
  const data = await api(`/api/search?q=${encodeURIComponent(query.trim())}`);
  const list = clear($('results'));
  $('results-section').hidden = false;
  if (!data.items.length) { list.append(el('li', { class: 'muted' }, t('no_results'))); return; }
  for (const a of data.items) {
    list.append(el('li', {}, el('button', { type: 'button', dataset: { actor: a.id }, onclick: () => openActor(a.id) }, a.name),
      ` (${a.kind}, ${a.id})`));
  }
}

async function openActor(id, day) {
  const data = await api(`/api/actors/${encodeURIComponent(id)}`);
  const info = await api('/api/info');
  state.actor = data.actor;
  state.dates = [...new Set([...data.dates, ...info.event_dates])].sort();
  if (!state.dates.length) state.dates = [new Date().toISOString().slice(0, 10)];
  $('actor-view').hidden = false;
  $('actor-name').textContent = data.actor.name;
  $('actor-meta').textContent = `${data.actor.kind} · ${data.actor.id}${data.actor.jurisdiction ? ` · ${data.actor.jurisdiction}` : ''}`;
  const slider = $('date-slider');
  slider.max = String(state.dates.length - 1);
  const wanted = day || pickDefaultDay();
  history.replaceState(null, '', `#${encodeURIComponent(id)}@${wanted}`);
  await setDay(wanted);
}

function pickDefaultDay() {
  const today = new Date().toISOString().slice(0, 10);
  const past = state.dates.filter((d) => d <= today);
  return past.length ? past[past.length - 1] : state.dates[0];
}

function sliderIndexFor(day) {
  let index = 0;
  state.dates.forEach((d, i) => { if (d <= day) index = i; });
  return index;
}

async function setDay(day) {
  state.day = day;
  $('date-slider').value = String(sliderIndexFor(day));
  $('date-label').textContent = day;
  $('date-input').value = day;
  if (state.actor) history.replaceState(null, '', `#${encodeURIComponent(state.actor.id)}@${day}`);
  await refresh();
}

async function refresh() {
  const id = encodeURIComponent(state.actor.id);
  const q = `as_of=${state.day}`;
  const seq = ++state.seq;  // a newer date wins over answers still on their way
  status(t('loading'));
  try {
    const [graph, ties, board] = await Promise.all([
      api(`/api/actors/${id}/neighbourhood?${q}&depth=${$('depth').value}`),
      api(`/api/actors/${id}/ties?${q}`), api(`/api/actors/${id}/board?${q}`)]);
    if (seq !== state.seq) return;
    state.graph = graph;
    state.ties = ties;
    drawGraph(state.cy, graph);
    renderTies($('ties-table'), ties, selectEdge);
    renderBoard($('board-panel'), board);
    document.body.dataset.graphDate = state.day;
    status('');
    await Promise.all([loadOwnership(id, q, seq), loadAssessment(id, q, seq)]);
    fillWhatIf();
  } catch (error) {
    if (seq === state.seq) status(error.message, true);
  }
}

async function loadOwnership(id, q, seq) {
  const node = $('ownership-panel');
  try {
    const [ubo, owners] = await Promise.all([api(`/api/actors/${id}/ubo?${q}`), api(`/api/actors/${id}/owners?${q}`)]);
    if (seq === state.seq) renderOwnership(node, ubo, owners);
  } catch (error) {
    if (seq === state.seq) clear(node).append(el('p', { class: 'error' }, error.message));
  }
}

async function loadAssessment(id, q, seq) {
  const node = $('assessment-panel');
  try {
    const data = await api(`/api/actors/${id}/assessment?${q}`);
    if (seq !== state.seq) return;
    state.assessment = data;
    renderAssessment(node, data);
  } catch (error) {
    if (seq === state.seq) clear(node).append(el('p', { class: 'error' }, error.message));
  }
}

async function selectEdge(relationId) {
  for (const row of document.querySelectorAll('#ties-table tr.selected')) row.classList.remove('selected');
  const row = document.querySelector(`#ties-table tr[data-relation="${CSS.escape(relationId)}"]`);
  if (row) row.classList.add('selected');
  state.cy.elements().unselect();
  const edge = state.cy.getElementById(relationId);
  if (edge.nonempty()) edge.select();
  $('evidence-hint').hidden = true;
  try {
    await renderEvidence($('evidence-body'), relationId);
  } catch (error) {
    clear($('evidence-body')).append(el('p', { class: 'error' }, error.message));
  }
}

function fillWhatIf() {
  const holders = [...new Set(((state.assessment && state.assessment.verdicts) || []).map((v) => v.holder))];
  const names = (state.assessment && state.assessment.names) || {};
  const keepHolder = $('whatif-holder').value;
  clear($('whatif-holder')).append(...holders.map((h) => el('option', { value: h }, names[h] || h)));
  if (holders.includes(keepHolder)) $('whatif-holder').value = keepHolder;
  const groups = (state.graph ? state.graph.nodes : []).filter((n) => n.kind === 'group' &&
    state.graph.edges.some((e) => e.holder === n.id && e.kind === 'employment'));
  const keepGroup = $('whatif-group').value;
  clear($('whatif-group')).append(el('option', { value: '' }, t('no_group')),
    ...groups.map((g) => el('option', { value: g.id }, g.name)));
  if (groups.some((g) => g.id === keepGroup)) $('whatif-group').value = keepGroup;
  else if (groups.length) $('whatif-group').value = groups[0].id;
}

async function runWhatIf() {
  const node = $('whatif-result');
  const holder = $('whatif-holder').value;
  if (!holder) { clear(node).append(el('p', { class: 'error' }, t('nothing_to_run'))); return; }
  const interventions = [];
  const fraction = Number($('staff-fraction').value) / 100;
  const group = $('whatif-group').value;
  if (group && fraction > 0) interventions.push({ defect: { group, to: holder, fraction: fraction.toFixed(2) } });
  if ($('cut-compute').checked) interventions.push({ cut_supply: { holder, subject: state.actor.id, resource: 'compute' } });
  const doc = { scenario: { id: 'what-if', title: 'what-if', target: state.actor.id, holder, as_of: state.day }, interventions };
  clear(node).append(el('p', { class: 'muted' }, t('loading')));
  try {
    const result = await api('/api/scenarios/run', { method: 'POST', body: JSON.stringify(doc),
      headers: { 'Content-Type': 'application/json' } });
    state.whatif = result;
    renderWhatIf(node, result);
    node.dataset.done = String(Date.now());
  } catch (error) {
    clear(node).append(el('p', { class: 'error' }, error.message));
  }
}

function rerenderLanguage() {
  translatePage();
  if (state.assessment) renderAssessment($('assessment-panel'), state.assessment);
  if (state.whatif) renderWhatIf($('whatif-result'), state.whatif);
  if (state.actor) refresh();
}

function init() {
  state.cy = createGraph($('graph'), selectEdge);
  window.kingmaker = { get cy() { return state.cy; }, get day() { return state.day; } };  // for tests and the console
  const saved = localStorage.getItem('kingmaker-lang') || (navigator.language || 'en').slice(0, 2);
  setLang(saved);
  $('lang').value = getLang();
  translatePage();
  $('lang').addEventListener('change', () => { setLang($('lang').value); localStorage.setItem('kingmaker-lang', getLang()); rerenderLanguage(); });
  $('search-form').addEventListener('submit', (ev) => { ev.preventDefault(); search($('search').value).catch((e) => status(e.message, true)); });
  $('date-slider').addEventListener('input', () => {
    const day = state.dates[Number($('date-slider').value)];
    if (day && day !== state.day) setDay(day);
  });
  $('date-input').addEventListener('change', () => { if ($('date-input').value) setDay($('date-input').value); });
  $('depth').addEventListener('change', () => state.actor && refresh());
  $('staff-fraction').addEventListener('input', () => { $('staff-fraction-label').textContent = `${$('staff-fraction').value} %`; });
  $('run-whatif').addEventListener('click', runWhatIf);
  const hash = decodeURIComponent(window.location.hash.slice(1));
  if (hash) {
    const [id, day] = hash.split('@');
    openActor(id, day).catch((e) => status(e.message, true));
  }
}

init();
