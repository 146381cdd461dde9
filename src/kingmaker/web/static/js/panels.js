// The panels under the graph: ties, evidence, board power, owners, assessment, what-if.
import { api, clear, el, pct, safeUrl, table } from './dom.js';
import { t, tl } from './i18n.js';

const when = (r) => `${r.valid_from || '…'} → ${r.valid_to || '…'}`;

export function describeTie(r) {
  const attrs = r.attributes || {};
  const detail = [r.kind.replace(/_/g, ' '), attrs.role, attrs.resource, r.share && r.share.text].filter(Boolean).join(', ');
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
  if (!board.seats.length) { node.append(el('p', { class: 'muted' }, t('no_board'))); return; }
  const power = {};
  for (const p of (board.power ? board.power.players : [])) power[p.name] = p;
  const critical = new Set((board.vote && board.vote.analysis && board.vote.analysis.critical) || []);
  const rows = board.seats.map((s) => el('tr', { dataset: { holder: s.holder } },
    el('td', { class: critical.has(s.name) ? 'pivot' : '' }, s.name, critical.has(s.name) ? ` (${t('pivotal')})` : ''),
    el('td', {}, s.role), el('td', {}, s.voting ? t('voting') : t('non_voting')),
    el('td', {}, power[s.name] ? pct(power[s.name].banzhaf) : '–'),
    el('td', {}, power[s.name] ? pct(power[s.name].shapley_shubik) : '–')));
  node.append(table([t('seat'), t('role'), '', t('banzhaf'), t('shapley')], rows));
  if (board.rule) node.append(el('p', { class: 'muted' }, `${t('rule')}: ${board.rule}`));
  const v = board.vote;
  if (v) {
    const a = v.analysis;
    node.append(el('div', { id: 'vote' },
      el('p', {}, el('strong', {}, `${t('recorded_vote')}: `), `${v.title} (${v.date})`,
        a ? ` — ${a.passed ? t('passed') : t('failed')}` : ''),
      el('p', {}, `${t('yes')}: ${v.yes.join(', ') || '—'}; ${t('no')}: ${v.no.join(', ') || '—'}; ${t('absent')}: ${v.absent.join(', ') || '—'}`),
      a ? el('ul', {}, a.explanation.map((line) => el('li', {}, line))) : el('p', { class: 'muted' }, v.note || '')));
  }
}

function chainText(c) {
  const parts = [c.hops[0].holder];
  for (const h of c.hops) parts.push(` —${h.share ? h.share.text : h.kind}→ ${h.subject}`);
  return parts.join('') + (c.share ? `  = ${c.share.text}` : '');
}

function ownerRows(list) {
  return list.map((o) => el('tr', {},
    el('td', {}, o.name), el('td', {}, o.ownership.text), el('td', {}, o.votes.text), el('td', {}, o.control),
    el('td', {}, o.verdict), el('td', {}, (o.chains || []).map((c) => el('div', { class: 'chain' }, chainText(c))))));
}

export function renderOwnership(node, ubo, owners) {
  const head = ['', t('share'), t('votes'), t('control'), t('verdict'), t('chains')];
  clear(node);
  for (const [key, list] of [['ubo', ubo.beneficial_owners], ['other_persons', ubo.other_persons],
    ['unspecified', ubo.unspecified], ['top_entities', ubo.top_entities]]) {
    if (!list.length && key !== 'ubo') continue;
    node.append(el('h4', {}, t(key)), list.length ? table(head, ownerRows(list)) : el('p', { class: 'muted' }, t('none')));
  }
  node.append(el('p', { class: 'muted' }, `${t('unaccounted')}: ${ubo.unaccounted.text}`, ...ubo.notes.map((n) => ` · ${n}`)));
  node.append(el('h4', {}, t('owners')));
  node.append(owners.owners.length ? table(head, ownerRows(owners.owners)) : el('p', { class: 'muted' }, t('none')));
}

function verdictCard(v, names) {
  const holder = names[v.holder] || v.holder;
  return el('div', { class: 'verdict', dataset: { regime: v.regime, holder: v.holder, level: v.level } },
    el('h4', {}, `${tl(v.regime_name, v.regime)} — ${holder}: `, el('span', { class: 'level' }, tl(v.label, v.level)),
      v.since ? ` (${t('since')} ${v.since})` : ''),
    el('p', { class: 'muted' }, `${t('cite')}: ${v.cite}`),
    v.reasons.length ? el('div', {}, el('strong', {}, t('reasons')),
      el('ul', {}, v.reasons.map((r) => el('li', {}, `${tl(r.text)} [${r.feature} = ${r.value}]`)))) : '',
    v.flip_facts.length ? el('div', { class: 'flip' }, el('strong', {}, t('flip')),
      el('ul', {}, v.flip_facts.map((f) => el('li', {}, `${f.direction === 'up' ? '↑' : '↓'} ${tl(f.text)}`)))) : '',
    v.findings.length ? el('div', { class: 'findings' }, el('strong', {}, t('findings')),
      el('ul', {}, v.findings.map((f) => el('li', { dataset: { finding: f.id } }, `${tl(f.label, f.id)} (${f.cite})`)))) : '',
    v.evidence.length ? el('p', { class: 'muted' }, `${t('evidence')}: ${v.evidence.join(', ')}`) : '');
}

export function renderAssessment(node, data) {
  clear(node);
  if (!data.verdicts.length) { node.append(el('p', { class: 'muted' }, t('no_assessment'))); return; }
  node.append(...data.verdicts.map((v) => verdictCard(v, data.names || {})));
}

function bounds(b) { return b ? `[${b.lo.toFixed(2)}, ${b.hi.toFixed(2)}]` : '–'; }

export function renderWhatIf(node, result) {
  const names = result.names || {};
  const before = {};
  for (const v of result.before.verdicts) before[`${v.regime}:${v.holder}`] = v;
  const rows = result.after.verdicts.map((v) => {
    const b = before[`${v.regime}:${v.holder}`];
    const changed = !b || b.level !== v.level;
    return el('tr', { class: changed ? 'changed' : '', dataset: { regime: v.regime } },
      el('td', {}, `${tl(v.regime_name, v.regime)} — ${names[v.holder] || v.holder}`),
      el('td', {}, b ? tl(b.label, b.level) : '–'), el('td', { class: 'after' }, tl(v.label, v.level)),
      el('td', { class: 'findings' }, v.findings.map((f) => el('div', { dataset: { finding: f.id } }, tl(f.label, f.id)))));
  });
  const feats = Object.keys(result.after.features || {}).map((h) => {
    const fb = result.before.features[h] || {}, fa = result.after.features[h];
    return el('tr', {}, el('td', {}, names[h] || h),
      el('td', { class: 'dependence' }, `${bounds(fb.dependence && fb.dependence.value)} → ${bounds(fa.dependence && fa.dependence.value)}`),
      el('td', { class: 'team-share' }, `${fb.team_share ? fb.team_share.display : '–'} → ${fa.team_share ? fa.team_share.display : '–'}`));
  });
  clear(node).append(
    el('p', {}, el('strong', {}, `${t('interventions')}: `), result.steps.map((s) => s.description).join('; ') || t('none')),
    table([t('regime'), t('before'), t('after'), t('findings')], rows),
    table([t('holder'), t('dependence'), t('team_share')], feats));
}
