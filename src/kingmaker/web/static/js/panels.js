// The panels under the graph: ties, evidence, board power, owners, assessment, what-if.
import { api, clear, el, safeUrl, table } from './dom.js';
import { fmtDay, fmtNum, fmtPct as pct, getLang, kindName, t, tl, verdictWord } from './i18n.js';

const when = (r) => `${r.valid_from ? fmtDay(r.valid_from) : '…'} → ${r.valid_to ? fmtDay(r.valid_to) : '…'}`;

export function describeTie(r) {
  const attrs = r.attributes || {};
  const detail = r.label ? tl(r.label)
    : [r.kind.replace(/_/g, ' '), attrs.role, attrs.resource, r.share && r.share.text].filter(Boolean).join(', ');
  return `${r.holder_name} — ${detail} — ${r.subject_name}`;
}

export function renderTies(node, ties, onSelect) {
  const rows = [...ties.ties_in, ...ties.ties_out].map((r) => el('tr', {
    class: 'clickable', dataset: { relation: r.id }, tabindex: 0,
    onclick: () => onSelect(r.id), onkeydown: (ev) => { if (ev.key === 'Enter') onSelect(r.id); },
  }, el('td', {}, describeTie(r)), el('td', {}, when(r))));
  clear(node).append(...table([t('tie'), t('valid')], rows).childNodes);
}

export async function renderEvidence(node, relationId) {
  clear(node).append(el('p', { class: 'muted' }, t('loading')));
  const data = await api(`/api/relations/${encodeURIComponent(relationId)}/evidence`);
  const r = data.relation;
  const items = data.evidence.map((e) => {
    const src = e.source_detail || {};
    const title = [src.title || e.source, src.publisher, src.date].filter(Boolean).join(' · ');
    const url = src.url && safeUrl(src.url);  // http(s) only: a javascript: URL gives no link
    return el('li', { class: 'evidence-item' },
      el('span', { class: `reliability ${e.reliability}` }, e.reliability), ' ',
      e.quote ? el('blockquote', { class: 'quote' }, e.quote) : null,
      e.reference ? el('div', { class: 'muted' }, e.reference) : null,
      el('div', {}, `${t('source')}: `, url ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, title) : title));
  });
  clear(node).append(
    el('p', { class: 'tie-title' }, el('strong', {}, describeTie(r))),
    el('p', { class: 'muted' }, `${when(r)} · ${r.id}${r.dataset ? ` · ${r.dataset}` : ''}`),
    r.note ? el('p', {}, r.note) : '',
    items.length ? el('ul', { class: 'evidence-list' }, items) : el('p', {}, t('no_evidence')));
}

export function renderBoard(node, board) {
  clear(node);
  if (!board.seats.length) node.append(el('p', { class: 'muted' }, t('no_board')));
  else {
    const power = {};
    for (const p of (board.power ? board.power.players : [])) power[p.name] = p;
    const rows = board.seats.map((s) => el('tr', { dataset: { holder: s.holder } },
      el('td', {}, s.name), el('td', {}, s.role_label || s.role), el('td', {}, s.voting ? t('voting') : t('non_voting')),
      el('td', {}, power[s.name] ? pct(power[s.name].banzhaf) : '–'),
      el('td', {}, power[s.name] ? pct(power[s.name].shapley_shubik) : '–')));
    node.append(el('p', { class: 'muted' }, `${t('board_on')} ${fmtDay(board.as_of)}`),
      table([t('seat'), t('role'), '', t('banzhaf'), t('shapley')], rows));
    if (board.rule) node.append(el('p', { class: 'muted' }, `${t('rule')}: ${board.rule_text || board.rule}`));
  }
  const v = board.vote;
  if (!v) return;
  const a = v.analysis;
  const critical = new Set(a ? a.critical : []);
  const how = (name) => (v.yes.includes(name) ? t('yes') : v.no.includes(name) ? t('no') : v.abstain.includes(name) ? t('abstain')
    : v.absent.includes(name) ? t('absent') : '–');
  const rows = v.board.map((name) => el('tr', { dataset: { voter: name } },
    el('td', { class: critical.has(name) ? 'pivot' : '' }, name, critical.has(name) ? ` (${t('pivotal')})` : ''),
    el('td', {}, how(name))));
  node.append(el('div', { id: 'vote' },
    el('h4', {}, `${t('recorded_vote')} — ${fmtDay(v.date)}: `, el('span', { class: 'muted' }, v.title),
      ` — ${v.passed ? t('passed') : t('failed')}`),
    el('p', { class: 'muted' }, t('vote_board_note').replace('{date}', fmtDay(v.date))),
    table([t('director_then'), t('vote')], rows),
    a ? el('ul', { class: 'explanation' }, a.explanation.map((line) => el('li', {}, line))) : ''));
}

export function renderKingmaker(node, data) {
  clear(node);
  const r = data.result;
  if (!r) {
    node.append(el('p', { class: 'muted', dataset: { state: 'none' } }, t('no_pressure').replace('{board}', data.subject_name)));
  } else {
    const names = data.names || {};
    node.dataset.happens = String(r.happens);
    node.append(el('p', {}, el('strong', {}, `${t('outcome')}: `), tl(r.outcome), ' — ',
      el('span', { class: r.happens ? 'happens' : 'muted' }, r.happens ? t('happens') : t('not_happens'))),
    el('p', { class: 'kingmakers' }, el('strong', {}, `${t('kingmakers')}: `),
      r.kingmakers.length ? r.kingmakers.map((k) => names[k] || k).join(', ') : t('none')));
    const rows = r.actions.map((act) => {
      const w = r.without[act.id];
      const pivotal = r.pivotal_actions.includes(act.id);
      return el('tr', { class: pivotal ? 'pivotal-action' : '', dataset: { action: act.id } },
        el('td', {}, tl(act.text)), el('td', {}, names[act.actor] || act.actor),
        el('td', { class: pivotal ? 'pivot' : '' }, pivotal ? t('pivotal') : t('not_pivotal')),
        el('td', {}, fmtNum(Number(r.banzhaf[act.id].split('/').reduce((x, y) => x / y)))),
        el('td', {}, w ? `${w.happens ? t('still_happens') : t('would_fail')} (${t('pressure')} ${fmtBounds(w.pressure)})` : '–'));
    });
    node.append(table([t('action'), t('actor'), t('pivotal_q'), 'Banzhaf', t('without_it')], rows),
      el('p', { class: 'muted' }, `${t('pressure')} ${fmtBounds(r.pressure)} (${t('threshold')} ${fmtNum(r.threshold)}); `
        + t('board_support').replace('{n}', r.board_support.for).replace('{of}', r.board_support.seats)));
  }
  if (data.vote && data.vote.analysis) {
    node.append(el('p', { class: 'vote-pivots' }, el('strong', {}, `${t('formal_pivots')} (${fmtDay(data.vote.date)}): `),
      data.vote.analysis.critical.join(', ') || t('none')));
  }
}

// [0.94, 0.98] / [0,94; 0,98], as the server's formatter writes intervals (kingmaker.report.fmt.interval)
function fmtBounds(b) {
  if (!b) return '–';
  const lo = fmtNum(b.lo), hi = fmtNum(b.hi);
  if (lo === hi) return lo;
  return getLang() === 'de' ? `[${lo}; ${hi}]` : `[${lo}, ${hi}]`;
}

// The events beside the slider: one line per dated event, the current step highlighted; a click goes there.
export function renderEvents(node, events, onPick) {
  clear(node).append(...events.map((e) => el('li', { dataset: { date: e.date, event: e.id }, tabindex: 0,
    onclick: () => onPick(e.date), onkeydown: (ev) => { if (ev.key === 'Enter') onPick(e.date); } },
  el('span', { class: 'event-date' }, fmtDay(e.date)), ' ', tl(e.title_text, e.title))));
}

// What happened on this date: the events of the step, and the ties gained and lost against the day before it.
export function renderCaption(node, story, day, step, graph, label) {
  clear(node);
  const events = story.events.filter((e) => e.date === step);
  const head = step === day ? `${t('on_day')} ${fmtDay(day)}` : `${t('as_of')} ${fmtDay(day)} — ${t('latest_change')} ${step ? fmtDay(step) : '–'}`;
  node.append(el('h3', {}, head));
  if (events.length) node.append(el('ul', { class: 'caption-events' }, events.map((e) => el('li', { dataset: { event: e.id } }, tl(e.title_text, e.title),
    e.description ? el('span', { class: 'muted' }, ` — ${e.description}`) : ''))));
  else node.append(el('p', { class: 'muted' }, t('no_event')));
  const names = Object.fromEntries([...graph.nodes, ...(graph.lost_nodes || [])].map((n) => [n.id, n.name]));
  const tieText = (e) => `${names[e.holder] || e.holder_name} — ${label(e)} — ${names[e.subject] || e.subject_name}`;
  const gained = graph.edges.filter((e) => (graph.gained || []).includes(e.id));
  const lost = graph.lost || [];
  if (graph.compare) {
    node.append(el('p', { class: 'changes' },
      el('span', { class: 'gained-count' }, `${t('gained')}: ${gained.length}`), ' · ',
      el('span', { class: 'lost-count' }, `${t('lost')}: ${lost.length}`),
      el('span', { class: 'muted' }, ` (${t('against')} ${fmtDay(graph.compare)})`)));
    if (gained.length || lost.length) {
      node.append(el('ul', { class: 'tie-changes' },
        gained.map((e) => el('li', { class: 'gained', dataset: { relation: e.id } }, `+ ${tieText(e)}`)),
        lost.map((e) => el('li', { class: 'lost', dataset: { relation: e.id } }, `− ${tieText(e)}`))));
    }
  }
}

// A selected actor: its ties in the view, and buttons to expand its neighbours or make it the centre.
export function renderNode(node, data, ties, { onExpand, onOpen, onTie }) {
  clear(node).append(el('p', { class: 'tie-title' }, el('strong', {}, data.name)),
    el('p', { class: 'muted' }, `${kindName(data.kind)} · ${data.id}`),
    el('div', { class: 'row' }, el('button', { type: 'button', id: 'node-expand', onclick: onExpand }, t('expand')),
      el('button', { type: 'button', id: 'node-open', onclick: onOpen }, t('open_centre'))),
    el('ul', { class: 'node-ties' }, ties.map((x) => el('li', { class: x.lost ? 'lost clickable' : 'clickable', dataset: { relation: x.id },
      onclick: () => onTie(x.id) }, x.text))));
}

// A chain with names, as the server's formatter writes it (kingmaker.report.fmt.chain).
const chainText = (c) => tl(c.text, c.hops.map((h) => h.subject).join(' → '));

function ownerRows(list) {
  return list.map((o) => el('tr', {},
    el('td', {}, o.name), el('td', {}, o.ownership.text), el('td', {}, o.votes.text), el('td', {}, verdictWord(o.control)),
    el('td', {}, verdictWord(o.verdict)), el('td', {}, (o.chains || []).map((c) => el('div', { class: 'chain' }, chainText(c))))));
}

export function renderOwnership(node, ubo, owners) {
  const head = ['', t('share'), t('votes'), t('control'), t('verdict'), t('chains')];
  clear(node);
  if (ubo.gap) {  // a period with no registered owner or controller (kingmaker.analysis.ownership.gaps, as `kingmaker ubo` says it)
    const g = ubo.gap;
    const span = (g.end ? t('gap_until').replace('{end}', fmtDay(g.end)) : t('gap_since')).replace('{start}', fmtDay(g.start));
    node.append(el('p', { class: 'gap' }, el('strong', {}, `${t('gap')}: `),
      `${span}${g.stated_by.length ? t('gap_stated') : ''} — ${t('gap_now')}`));
  }
  for (const [key, list] of [['ubo', ubo.beneficial_owners], ['other_persons', ubo.other_persons],
    ['unspecified', ubo.unspecified], ['top_entities', ubo.top_entities]]) {
    if (!list.length && key !== 'ubo') continue;
    node.append(el('h4', {}, t(key)), list.length ? table(head, ownerRows(list)) : el('p', { class: 'muted' }, t('none')));
  }
  node.append(el('p', { class: 'muted' }, `${t('unaccounted')}: ${ubo.unaccounted.text}`, ...(ubo.notes_text || ubo.notes).map((n) => ` · ${tl(n)}`)));
  const officials = ubo.senior_managing_officials || [];
  if (officials.length) {
    node.append(el('h4', {}, t('officials')), el('ul', { class: 'officials' },
      officials.map((o) => el('li', { dataset: { actor: o.person } }, `${o.name} — ${tl(o.role_text, o.role)} (${o.of})`))));
  }
  node.append(el('h4', {}, t('owners')));
  const besides = owners.ties_besides_owners || [];
  node.append(owners.owners.length ? table(head, ownerRows(owners.owners)) : el('p', { class: 'muted' }, t('none'),
    besides.length ? ` — ${t('besides_owners')}: ${besides.map((b) => `${b.name}: ${tl(b.label)}`).join('; ')}` : ''));
  const parents = ubo.accounting_parents || { direct: [], ultimate: [], notes: [] };
  if (parents.direct.length || parents.ultimate.length || parents.notes.length) {
    // a GLEIF registration that is not current (LAPSED: not renewed, possibly out of date) is said beside the parent
    const flags = (p) => [p.registration_status && p.registration_status !== 'PUBLISHED' ? `${t('relationship_record')} ${p.registration_status}` : '',
      p.lei_status && p.lei_status !== 'ISSUED' ? `${t('parent_lei')} ${p.lei_status}` : ''].filter(Boolean).map((f) => ` — ${f}`).join('');
    const line = (p) => (p.reported
      ? `${t(`parent_${p.level}`)}: ${p.name} (${p.actor})${p.since ? ` ${t('since')} ${p.since}` : ''}${flags(p)}`
      : `${t(`parent_${p.level}`)}: ${t('not_reported')} — ${p.exception.reasons.join(', ')}`);
    node.append(el('h4', {}, t('accounting_parents')), el('ul', { class: 'accounting-parents' },
      [...parents.direct, ...parents.ultimate].map((p) => el('li', { dataset: { level: p.level } }, line(p)))),
    ...parents.notes.map((n) => el('p', { class: 'muted' }, n)));
  }
}

// The screening panel: this actor's status under the rule, with the holdings, chains and facts that decide it.
export function renderScreening(node, one, all) {
  clear(node);
  const r = one.results[0];
  const counts = all.results.reduce((c, x) => { c[x.status] = (c[x.status] || 0) + 1; return c; }, {});
  node.append(el('p', { class: 'muted' }, `${tl(one.title_text, one.title)} — ${one.wording ? tl(one.wording.summary_text, one.wording.summary) : t('not_in_force')}`));
  if (r) {
    node.append(el('p', { class: 'screen-status' }, `${r.name}: `,
      el('span', { class: `status-${r.status}` }, t(`screen_${r.status}`)), ` — ${tl(r.reason_text, r.reason)}`));
    if (r.chains.length) node.append(el('h4', {}, t('chains')), ...r.chains.map((c) => el('div', { class: 'chain' }, c.text)));
    if (r.settle.length) node.append(el('h4', {}, t('settle')), el('ul', {}, r.settle.map((s) => el('li', {}, `${s.fact} (${s.now})`))));
  }
  node.append(el('p', { class: 'muted' }, `${t('caught_in_store')}: ${counts.certainly || 0} ${t('screen_certainly')}, `
    + `${counts.possibly || 0} ${t('screen_possibly')}`, ...(all.notes_text || all.notes).map((n) => ` · ${tl(n)}`)));
}

export function renderFamily(node, family) {
  const head = ['', t('member'), t('share'), t('votes'), t('control')];
  clear(node);
  node.append(el('h4', {}, `${t('family')}: ${family.name}`));
  const rows = family.members.map((m) => el('tr', {}, el('td', {}, m.name), el('td', {}, m.member),
    el('td', {}, m.shares.shareholding.text), el('td', {}, m.shares.voting_rights.text), el('td', {}, m.control)));
  node.append(rows.length ? table(head, rows) : el('p', { class: 'muted' }, t('none')));
}

function verdictCard(v, names) {
  const holder = names[v.holder] || v.holder;
  return el('div', { class: 'verdict', dataset: { regime: v.regime, holder: v.holder, level: v.level } },
    el('h4', {}, `${tl(v.regime_name, v.regime)} — ${holder}: `, el('span', { class: 'level' }, tl(v.label, v.level)),
      v.since ? ` (${t('since')} ${fmtDay(v.since)})` : ''),
    v.headline ? el('p', { class: `headline ${v.certainty}` }, tl(v.headline, v.level)) : '',
    (v.missing_facts || []).length ? el('div', { class: 'missing-facts' }, el('strong', {}, t('missing_facts')),
      el('ol', {}, v.missing_facts.slice(0, 4).map((m) => el('li', {}, tl(m.text))))) : '',
    el('p', { class: 'muted' }, `${t('cite')}: ${tl(v.cite_text, v.cite)}`),
    v.reasons.length ? el('div', {}, el('strong', {}, t('reasons')),
      el('ul', {}, v.reasons.map((r) => el('li', {}, `${tl(r.text)} (${t('here')}: ${fmtValue(r.value)})`)))) : '',
    v.flip_facts.length ? el('div', { class: 'flip' }, el('strong', {}, t('flip')),
      el('ul', {}, v.flip_facts.map((f) => el('li', {}, `${f.direction === 'up' ? '↑' : '↓'} ${tl(f.text)}`)))) : '',
    v.findings.length ? el('div', { class: 'findings' }, el('strong', {}, t('findings')),
      el('ul', {}, v.findings.map((f) => el('li', { dataset: { finding: f.id } }, `${tl(f.label, f.id)} (${tl(f.cite_text, f.cite)})`)))) : '',
    v.evidence.length ? el('p', { class: 'muted' }, `${t('evidence')}: ${v.evidence.join(', ')}`) : '');
}

export function renderAssessment(node, data) {
  clear(node);
  if (!data.verdicts.length) { node.append(el('p', { class: 'muted' }, t('no_assessment'))); return; }
  node.append(...data.verdicts.map((v) => verdictCard(v, data.names || {})));
}

const bounds = fmtBounds;

// A reason's measured value: numbers in the page's language, yes/no words translated.
function fmtValue(v) {
  const text = String(v);
  if (text === 'True' || text === 'true' || text === 'yes') return t('yes_word');
  if (text === 'False' || text === 'false' || text === 'no') return t('no_word');
  const pair = text.match(/^\[(-?\d+(?:\.\d+)?), (-?\d+(?:\.\d+)?)\]$/);  // an interval, [0.94, 0.98]
  if (pair) return fmtBounds({ lo: Number(pair[1]), hi: Number(pair[2]) });
  const m = text.match(/^(-?\d+(?:\.\d+)?)( ?%)?$/);
  return m ? fmtNum(Number(m[1]), m[2] ? 0 : 2) + (m[2] ? ' %' : '') : text;
}

export function renderWhatIf(node, result) {
  const names = result.names || {};
  const before = {};
  for (const v of result.before.verdicts) before[`${v.regime}:${v.holder}`] = v;
  const rows = result.after.verdicts.map((v) => {
    const b = before[`${v.regime}:${v.holder}`];
    const changed = !b || b.level !== v.level;
    return el('tr', { class: changed ? 'changed' : '', dataset: { regime: v.regime } },
      el('td', {}, `${tl(v.regime_name, v.regime)} — ${names[v.holder] || v.holder}`),
      el('td', {}, b ? tl(b.label, b.level) : '–'),
      el('td', { class: 'after' }, tl(v.label, v.level), changed ? '' : el('span', { class: 'muted' }, ` (${t('unchanged')})`)),
      el('td', { class: 'findings' }, v.findings.map((f) => el('div', { dataset: { finding: f.id } }, tl(f.label, f.id)))));
  });
  const feats = Object.keys(result.after.features || {}).map((h) => {
    const fb = result.before.features[h] || {}, fa = result.after.features[h];
    return el('tr', {}, el('td', {}, names[h] || h),
      el('td', { class: 'dependence' }, `${bounds(fb.dependence && fb.dependence.value)} → ${bounds(fa.dependence && fa.dependence.value)}`),
      el('td', { class: 'team-share' }, `${fb.team_share ? fmtValue(fb.team_share.display) : '–'} → ${fa.team_share ? fmtValue(fa.team_share.display) : '–'}`));
  });
  clear(node).append(
    el('p', {}, el('strong', {}, `${t('interventions')}: `), result.steps.map((s) => tl(s.text, s.description)).join('; ') || t('none')),
    table([t('regime'), t('before'), t('after'), t('findings')], rows),
    table([t('holder'), t('dependence'), t('team_share')], feats),
    result.lines ? el('details', { class: 'whatif-lines', open: true }, el('summary', {}, t('what_moved')),
      el('ul', {}, result.lines.map((line) => el('li', {}, line)))) : '');
}
