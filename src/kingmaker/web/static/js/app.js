// The explorer: search → actor page: the story (events beside the date slider, a caption per date, ties
// gained and lost), the graph (stable top-down layout, click a node to select and expand it, click a tie
// for its evidence, PNG/SVG export), board and recorded vote, the kingmaker test, owners, assessment, what-if.
// Deep links: #actor@date (pasting one into an open tab works too).
import { api, clear, el } from './dom.js';
import { createGraph, drawGraph, expand, layoutStory, markFamily, markScreening, toPng, toSvg } from './graph.js';
import { fmtDay, getLang, kindName, setLang, t, tl, translatePage } from './i18n.js';
import { renderAssessment, renderBoard, renderCaption, renderEvents, renderEvidence, renderKingmaker,
  renderFamily, renderNode, renderOwnership, renderScreening, renderTies, renderWhatIf } from './panels.js';

const $ = (id) => document.getElementById(id);
const state = { actor: null, dates: [], day: null, cy: null, ties: null, graph: null, whatif: null, seq: 0,
  story: null, positions: {}, layoutKey: null, kingmaker: null, board: null, screen: null, family: null };

function status(text, isError = false) {
  const node = $('status');
  node.textContent = text || '';
  node.className = isError ? 'error' : 'muted';
}

const label = (e) => tl(e.label, e.kind.replace(/_/g, ' '));
const busy = (on) => { document.body.dataset.busy = on ? 'true' : 'false'; };

async function search(query) {
  if (!query.trim()) return;
  const data = await api(`/api/search?q=${encodeURIComponent(query.trim())}`);
  const list = clear($('results'));
  $('results-section').hidden = false;
  if (!data.items.length) {
    const hints = (data.suggestions || []).map((a) => el('button', { type: 'button', class: 'suggestion', dataset: { actor: a.id },
      onclick: () => openActor(a.id) }, a.name));
    list.append(el('li', { class: 'muted' }, t('no_results'), hints.length ? [` ${t('did_you_mean')} `, ...hints] : ''));
    return;
  }
  for (const a of data.items) {
    list.append(el('li', {}, el('button', { type: 'button', dataset: { actor: a.id }, onclick: () => openActor(a.id) }, a.name),
      ` (${kindName(a.kind)}, ${a.id})`));
  }
}

async function openActor(id, day) {
  busy(true);
  const depth = $('depth').value;
  const [data, story] = await Promise.all([api(`/api/actors/${encodeURIComponent(id)}`),
    api(`/api/actors/${encodeURIComponent(id)}/story?depth=${depth}`)]);
  state.actor = data.actor;
  id = data.actor.id;  // an identifier or a name (any case) resolved by the API, as on the command line
  state.story = story;
  state.dates = story.steps.length ? story.steps : [...new Set(data.dates)].sort();
  if (!state.dates.length) state.dates = [new Date().toISOString().slice(0, 10)];
  $('actor-view').hidden = false;
  $('library-section').hidden = true;  // the start page's list; the header link brings it back
  $('actor-name').textContent = data.actor.name;
  renderHeader();
  $('date-slider').max = String(state.dates.length - 1);
  const key = `${id}|${depth}`;
  if (state.layoutKey !== key) {
    state.positions = layoutStory(state.cy, story, label);
    state.layoutKey = key;
  }
  renderEvents($('events'), story.events, (d) => setDay(d));
  const wanted = day || pickDefaultDay();
  history.replaceState(null, '', `#${encodeURIComponent(id)}@${wanted}`);
  await setDay(wanted);
}

function renderHeader() {
  const a = state.actor;
  $('actor-meta').textContent = `${kindName(a.kind)} · ${a.id}${a.jurisdiction ? ` · ${a.jurisdiction}` : ''}`;
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

const dayBefore = (iso) => { const d = new Date(`${iso}T00:00:00Z`); d.setUTCDate(d.getUTCDate() - 1); return d.toISOString().slice(0, 10); };

async function setDay(day) {
  state.day = day;
  $('date-slider').value = String(sliderIndexFor(day));
  $('date-label').textContent = fmtDay(day);
  $('date-label').dataset.day = day;
  $('date-input').value = day;
  if (state.actor) history.replaceState(null, '', `#${encodeURIComponent(state.actor.id)}@${day}`);
  await refresh();
}

// The step the date belongs to (the last change on or before it) and the date just before that change.
function currentStep(day) {
  const past = state.dates.filter((d) => d <= day);
  return past.length ? past[past.length - 1] : null;
}

async function refresh() {
  const id = encodeURIComponent(state.actor.id);
  const q = `as_of=${state.day}`;
  const lang = getLang();
  const seq = ++state.seq;  // a newer date wins over answers still on their way
  const step = currentStep(state.day);
  const compare = step ? `&compare=${dayBefore(step)}` : '';
  busy(true);
  status(t('loading'));
  try {
    const [graph, ties, board, kingmaker] = await Promise.all([
      api(`/api/actors/${id}/neighbourhood?${q}&depth=${$('depth').value}${compare}`),
      api(`/api/actors/${id}/ties?${q}`), api(`/api/actors/${id}/board?${q}&lang=${lang}`),
      api(`/api/actors/${id}/kingmaker?${q}&lang=${lang}`)]);
    if (seq !== state.seq) return;
    state.graph = graph;
    state.ties = ties;
    state.board = board;
    state.kingmaker = kingmaker;
    drawGraph(state.cy, graph, state.positions, label);
    renderCaption($('caption'), state.story, state.day, step, graph, label);
    for (const li of document.querySelectorAll('#events li')) li.classList.toggle('current', li.dataset.date === step);
    const current = [...document.querySelectorAll('#events li.current')];
    if (current.length) {  // keep the current events in view inside the list (all of them where they fit),
      const box = $('events-panel');  // without scrolling the page
      const top = current[0].offsetTop - box.offsetTop;
      const last = current[current.length - 1];
      const bottom = last.offsetTop + last.offsetHeight - box.offsetTop;
      box.scrollTop = Math.max(0, Math.min(top - 20, bottom - box.clientHeight + 8));
    }
    renderTies($('ties-table'), ties, selectEdge);
    renderBoard($('board-panel'), board);
    renderKingmaker($('kingmaker-panel'), kingmaker);
    document.body.dataset.graphDate = state.day;
    status('');
    await Promise.all([loadOwnership(id, q, seq), loadAssessment(id, q, seq), loadScreening(id, q, seq)]);
    fillWhatIf();
    // the page has settled: let Cytoscape re-read where its container now sits (the status line and panels
    // above it may have changed), so that clicks land on what is under the pointer
    state.cy.resize();
    if (seq === state.seq) busy(false);
  } catch (error) {
    if (seq === state.seq) { status(error.message, true); busy(false); }
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

async function loadScreening(id, q, seq) {
  const node = $('screening-panel');
  const rule = encodeURIComponent($('screen-rule').value);
  try {
    const [all, one] = await Promise.all([api(`/api/screen?${q}&rule=${rule}`), api(`/api/actors/${id}/screen?${q}&rule=${rule}`)]);
    if (seq !== state.seq) return;
    state.screen = all;
    markScreening(state.cy, all);
    markFamily(state.cy, state.family && state.family.as_of === state.day ? state.family : null);
    renderScreening(node, one, all);
  } catch (error) {
    if (seq === state.seq) clear(node).append(el('p', { class: 'error' }, error.message));
  }
}

async function showFamily() {
  if (!state.actor) return;
  const node = $('family-panel');
  try {
    state.family = await api(`/api/actors/${encodeURIComponent(state.actor.id)}/subsidiaries?as_of=${state.day}`);
    markFamily(state.cy, state.family);
    renderFamily(node, state.family);
  } catch (error) {
    clear(node).append(el('p', { class: 'error' }, error.message));
  }
}

async function loadAssessment(id, q, seq) {
  const node = $('assessment-panel');
  try {
    const known = $('known-input').value;  // only what had been published by then (docs/assessment.md)
    const data = await api(`/api/actors/${id}/assessment?${q}${known ? `&known_as_of=${known}` : ''}`);
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

function selectNode(actorId) {
  state.cy.elements().unselect();
  const node = state.cy.getElementById(actorId);
  if (node.empty()) return;
  node.select();
  $('evidence-hint').hidden = true;
  const ties = node.connectedEdges().map((e) => ({ id: e.id(), text: `${e.source().data('name')} — ${e.data('text')} — ${e.target().data('name')}`,
    lost: e.hasClass('lost') }));
  renderNode($('evidence-body'), node.data(), ties, {
    onExpand: () => expandNode(actorId),
    onOpen: () => { window.location.hash = `#${encodeURIComponent(actorId)}@${state.day}`; },
    onTie: selectEdge,
  });
}

async function expandNode(actorId) {
  const data = await api(`/api/actors/${encodeURIComponent(actorId)}/neighbourhood?as_of=${state.day}&depth=1`);
  const added = expand(state.cy, data, state.positions, label);
  if (state.screen) markScreening(state.cy, state.screen);
  $('evidence-body').dataset.expanded = String(added);
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { download: name });
  a.href = url;  // a blob: URL (el() admits http(s) only)
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function exportName(ext) { return `kingmaker-${state.actor ? state.actor.id : 'graph'}-${state.day}.${ext}`; }

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
  const doc = { scenario: { id: 'what-if', title: t('whatif'), target: state.actor.id, holder, as_of: state.day }, interventions };
  clear(node).append(el('p', { class: 'muted' }, t('loading')));
  try {
    const result = await api(`/api/scenarios/run?lang=${getLang()}`, { method: 'POST', body: JSON.stringify(doc),
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
  if (state.story) renderEvents($('events'), state.story.events, (d) => setDay(d));
  if (state.actor) { renderHeader(); setDay(state.day); }
  if (state.whatif) runWhatIf();
  if (state.library) renderLibrary();
}

function followHash() {
  const hash = decodeURIComponent(window.location.hash.slice(1));
  if (!hash) return;
  const [id, day] = hash.split('@');
  if (!id) return;
  if (state.actor && id === state.actor.id) {
    if (day && day !== state.day) setDay(day).catch((e) => status(e.message, true));
  } else {
    openActor(id, day).catch((e) => { status(e.message, true); busy(false); });
  }
}

async function loadLibrary() {
  const data = await api('/api/library');
  state.library = data.cases;
  renderLibrary();
}

function renderLibrary() {
  const list = clear($('library'));
  $('library-section').hidden = !(state.library && state.library.length) || Boolean(state.actor);
  for (const c of state.library || []) {
    const verdicts = ['uk', 'eu', 'de'].map((r) => {
      const v = c.kingmaker[r];
      const name = (labels, id) => (labels && (labels[getLang()] || labels.en)) || id;
      const maybe = v.possibly ? ` (${t('possibly')}: ${name(v.possibly_label, v.possibly)})` : '';
      return `${r.toUpperCase()}: ${name(v.label, v.level)}${maybe}`;
    }).join(' · ');
    const said = Object.entries(c.authority || {}).map(([r, a]) => `${a.by} (${a.date}): ${a.said}`);
    const title = c.loaded
      ? el('button', { type: 'button', dataset: { actor: c.target }, onclick: () => openActor(c.target, c.as_of) }, c.title)
      : el('span', {}, c.title, ' ', el('em', { class: 'muted' }, t('library_not_loaded')));
    list.append(el('li', { dataset: { file: c.file } }, title,
      el('div', { class: 'muted' }, `${c.holder_name} → ${c.target_name}, ${c.as_of}`),
      el('div', { class: 'library-verdicts' }, verdicts),
      said.length ? el('div', { class: 'library-authority' }, `${t('authority')}: ${said.join(' | ')}`) : null));
  }
}

function init() {
  state.cy = createGraph($('graph'), { onEdge: selectEdge, onNode: selectNode });
  window.kingmaker = { get cy() { return state.cy; }, get day() { return state.day; }, svg: () => toSvg(state.cy) };  // tests, console
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
  $('depth').addEventListener('change', () => state.actor && openActor(state.actor.id, state.day));
  $('known-input').addEventListener('change', () => state.actor && refresh());
  $('staff-fraction').addEventListener('input', () => { $('staff-fraction-label').textContent = `${$('staff-fraction').value} %`; });
  $('run-whatif').addEventListener('click', runWhatIf);
  $('show-family').addEventListener('click', showFamily);
  $('screen-rule').addEventListener('change', () => state.actor && refresh());
  $('export-png').addEventListener('click', () => toPng(state.cy).then((blob) => download(blob, exportName('png'))));
  $('export-svg').addEventListener('click', () => download(new Blob([toSvg(state.cy)], { type: 'image/svg+xml' }), exportName('svg')));
  $('fit').addEventListener('click', () => state.cy.fit(undefined, 30));
  window.addEventListener('hashchange', followHash);
  $('show-library').addEventListener('click', (ev) => {
    ev.preventDefault();
    state.actor = null;
    $('actor-view').hidden = true;
    history.replaceState(null, '', window.location.pathname);
    renderLibrary();
  });
  followHash();
  loadLibrary().catch((e) => status(e.message, true));
}

init();
