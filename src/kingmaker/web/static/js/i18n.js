// English and German UI strings. Labels that come with the data (verdicts, reasons) carry both languages.

const STRINGS = {
  en: {
    title: 'Kingmaker explorer', search: 'Search', search_label: 'Search actors', api_docs: 'API',
    library: 'Case library: real AI partnerships', library_hint: "Kingmaker's verdicts beside what the authorities said. Open a case to see its ties on the date assessed.",
    library_not_loaded: '(not in this store: kingmaker load cases/library/*.yaml)', authority: 'Authority', possibly: 'possibly',
    search_placeholder: 'Name, alias or identifier', results: 'Results', as_of: 'As of', depth: 'Depth',
    evidence: 'Evidence', evidence_hint: 'Select a tie in the graph or the list to see its evidence.',
    cat_ownership: 'ownership', cat_control: 'control', cat_board: 'board', cat_dependency: 'dependency',
    cat_unspecified: 'unknown party (dashed)', ties: 'Ties on this date', board: 'Board and voting power',
    ownership: 'Beneficial and integrated owners', assessment: 'Assessment', whatif: 'What if…',
    holder: 'Holder', staff_group: 'Staff', staff_leave: 'Share of staff who leave for the holder',
    cut_compute: 'The holder cuts its compute supply', run: 'Run', no_results: 'No actor matches.',
    loading: 'Loading…', tie: 'Tie', valid: 'Valid', from_to: 'from–to', seat: 'Seat', role: 'Role',
    voting: 'voting', non_voting: 'non-voting', banzhaf: 'Banzhaf', shapley: 'Shapley–Shubik',
    no_board: 'No board seats recorded on this date.', recorded_vote: 'Recorded vote', passed: 'passed',
    failed: 'failed', pivotal: 'pivotal', yes: 'Yes', no: 'No', absent: 'Absent', rule: 'Rule',
    ubo: 'Beneficial owners', other_persons: 'Other natural persons', unspecified: 'Unidentified parties',
    top_entities: 'Entities at the top (owners not recorded)', owners: 'Integrated owners', share: 'Share',
    votes: 'Votes', control: 'Control', verdict: 'Verdict', chains: 'Chains', none: 'none',
    unaccounted: 'Not accounted for', reasons: 'Reasons', flip: 'Flip facts', findings: 'Findings',
    since: 'since', cite: 'Legal basis', not_higher: 'Why not higher', regime: 'Regime', before: 'Before',
    known_as_of: 'As known on', missing_facts: 'Facts that would decide it', assumptions: 'Assumptions',
    after: 'After', dependence: 'Dependence on the holder', team_share: "Share of the target's staff with the holder",
    interventions: 'Interventions', reliability: 'Reliability', source: 'Source', quote: 'Quote',
    no_evidence: 'No evidence recorded for this tie.', no_assessment: 'No outside holder with ties in.',
    nothing_to_run: 'Choose a holder first.', kingmaker_test: 'Kingmaker test', no_group: '(no staff group)',
    board_on: 'Board seated on', vote_board_note: 'Analysed on the board that cast it, as seated on {date} (not the board of the date shown above).',
    director_then: 'Director when the vote was cast', vote: 'Vote', abstain: 'Abstained',
    kingmaker_panel: 'Kingmaker test: who was pivotal', outcome: 'Outcome', happens: 'happens', not_happens: 'does not happen',
    kingmakers: 'Kingmaker(s)', action: 'Action', actor: 'Actor', pivotal_q: 'Pivotal?', not_pivotal: 'not pivotal',
    without_it: 'Without it', still_happens: 'still happens', would_fail: 'would fail', pressure: 'pressure', threshold: 'threshold',
    screening: 'Sanctions screening', screen_rule: 'Rule', show_family: 'Show the corporate family', settle: 'Would settle it',
    screen_certainly: 'certainly caught', screen_possibly: 'possibly caught', screen_not: 'not caught',
    caught_in_store: 'In the whole store', not_in_force: 'not in force on this date', family: 'Corporate family', member: 'Member',
    lg_designated: 'designated (sanctions list)', lg_caught: 'caught by the screening rule', lg_possibly_caught: 'possibly caught',
    lg_family: 'corporate family',
    board_support: 'board support {n} of {of} voting seats', formal_pivots: 'Pivotal in the recorded vote',
    no_pressure: 'No outside offer or exit threat is recorded against the board of {board} on this date: nothing to test.',
    library_link: 'Case library', story: 'What happened', events: 'Events', on_day: 'On', latest_change: 'latest change', no_event: 'No recorded event on this date.',
    gained: 'Ties gained', lost: 'Ties lost', against: 'against the day before,', expand: 'Expand neighbours', open_centre: 'Make it the centre',
    export_png: 'PNG', export_svg: 'SVG', fit: 'Fit', export: 'Export the view', here: 'here', yes_word: 'yes', no_word: 'no',
    unchanged: 'unchanged', what_moved: 'What moved, and why', did_you_mean: 'Did you mean:',
    lg_economic: 'economic interest (not ownership)', lg_offer: 'offer / threat (dashed)', lg_gained: 'gained', lg_lost: 'lost',
    kind_person: 'person', kind_company: 'company', kind_nonprofit: 'nonprofit', kind_group: 'group',
    kind_partnership: 'partnership', kind_fund: 'fund', kind_state: 'state', kind_state_body: 'state body',
    kind_unknown: 'unidentified party', language: 'Language', v_certainly: 'certainly', v_possibly: 'possibly', v_no: 'no',
    officials: 'Senior managing officials (reported in place of a beneficial owner)',
    besides_owners: 'recorded instead (not ownership)',
    accounting_parents: 'Accounting consolidation parents (GLEIF Level 2; not a shareholding)',
    parent_direct: 'Direct parent', parent_ultimate: 'Ultimate parent', not_reported: 'not reported',
    relationship_record: 'relationship record', parent_lei: "parent's LEI",
    gap: 'Gap', gap_until: 'no registered owner or controller from {start} until {end}', gap_since: 'no registered owner or controller since {start}',
    gap_stated: ' (the register states that there is none)', gap_now: 'on this date nobody owns or controls it according to the register',
  },
  de: {
    title: 'Kingmaker-Explorer', search: 'Suchen', search_label: 'Akteure suchen', api_docs: 'API',
    library: 'Fallsammlung: reale KI-Partnerschaften', library_hint: 'Die Ergebnisse von Kingmaker neben dem, was die Behörden gesagt haben. Ein Fall öffnet seine Verbindungen am geprüften Tag.',
    library_not_loaded: '(nicht in diesem Speicher: kingmaker load cases/library/*.yaml)', authority: 'Behörde', possibly: 'möglicherweise',
    search_placeholder: 'Name, Alias oder Kennung', results: 'Ergebnisse', as_of: 'Stand', depth: 'Tiefe',
    evidence: 'Belege', evidence_hint: 'Wählen Sie eine Verbindung im Graphen oder in der Liste, um ihre Belege zu sehen.',
    cat_ownership: 'Eigentum', cat_control: 'Kontrolle', cat_board: 'Vorstand/Aufsichtsgremium', cat_dependency: 'Abhängigkeit',
    cat_unspecified: 'unbekannte Partei (gestrichelt)', ties: 'Verbindungen an diesem Tag', board: 'Gremium und Stimmmacht',
    ownership: 'Wirtschaftlich Berechtigte und durchgerechnete Eigentümer', assessment: 'Bewertung', whatif: 'Was wäre, wenn…',
    holder: 'Inhaber', staff_group: 'Belegschaft', staff_leave: 'Anteil der Belegschaft, der zum Inhaber wechselt',
    cut_compute: 'Der Inhaber stellt die Rechenleistung ein', run: 'Berechnen', no_results: 'Kein Akteur gefunden.',
    loading: 'Wird geladen…', tie: 'Verbindung', valid: 'Gültig', from_to: 'von–bis', seat: 'Sitz', role: 'Rolle',
    voting: 'stimmberechtigt', non_voting: 'ohne Stimmrecht', banzhaf: 'Banzhaf', shapley: 'Shapley–Shubik',
    no_board: 'An diesem Tag sind keine Gremiensitze erfasst.', recorded_vote: 'Erfasste Abstimmung',
    passed: 'angenommen', failed: 'abgelehnt', pivotal: 'ausschlaggebend', yes: 'Ja', no: 'Nein', absent: 'Abwesend',
    rule: 'Regel', ubo: 'Wirtschaftlich Berechtigte', other_persons: 'Weitere natürliche Personen',
    unspecified: 'Nicht identifizierte Parteien', top_entities: 'Oberste Einheiten (Eigentümer nicht erfasst)',
    owners: 'Durchgerechnete Eigentümer', share: 'Anteil', votes: 'Stimmen', control: 'Kontrolle', verdict: 'Ergebnis',
    chains: 'Ketten', none: 'keine', unaccounted: 'Nicht zugeordnet', reasons: 'Gründe', flip: 'Kipp-Tatsachen',
    findings: 'Feststellungen', since: 'seit', cite: 'Rechtsgrundlage', not_higher: 'Warum nicht höher',
    known_as_of: 'Kenntnisstand', missing_facts: 'Tatsachen, die es entscheiden würden', assumptions: 'Annahmen',
    regime: 'Rechtsordnung', before: 'Vorher', after: 'Nachher', dependence: 'Abhängigkeit vom Inhaber',
    team_share: 'Anteil der Belegschaft beim Inhaber', interventions: 'Eingriffe', reliability: 'Verlässlichkeit',
    source: 'Quelle', quote: 'Zitat', no_evidence: 'Für diese Verbindung sind keine Belege erfasst.',
    no_assessment: 'Kein externer Inhaber mit Verbindungen.', nothing_to_run: 'Bitte zuerst einen Inhaber wählen.',
    kingmaker_test: 'Königsmacher-Test', no_group: '(keine Belegschaftsgruppe)',
    board_on: 'Gremium am', vote_board_note: 'Ausgewertet für das Gremium, das abgestimmt hat, wie es am {date} besetzt war (nicht das Gremium des oben gezeigten Tages).',
    director_then: 'Mitglied bei der Abstimmung', vote: 'Stimme', abstain: 'Enthaltung',
    kingmaker_panel: 'Königsmacher-Test: wer war ausschlaggebend', outcome: 'Ergebnis', happens: 'tritt ein', not_happens: 'tritt nicht ein',
    kingmakers: 'Königsmacher', action: 'Handlung', actor: 'Akteur', pivotal_q: 'Ausschlaggebend?', not_pivotal: 'nicht ausschlaggebend',
    without_it: 'Ohne sie', still_happens: 'tritt trotzdem ein', would_fail: 'träte nicht ein', pressure: 'Druck', threshold: 'Schwelle',
    screening: 'Sanktionsprüfung', screen_rule: 'Regel', show_family: 'Unternehmensgruppe zeigen', settle: 'Würde es klären',
    screen_certainly: 'sicher erfasst', screen_possibly: 'möglicherweise erfasst', screen_not: 'nicht erfasst',
    caught_in_store: 'Im ganzen Bestand', not_in_force: 'an diesem Tag nicht in Kraft', family: 'Unternehmensgruppe', member: 'Mitglied',
    lg_designated: 'gelistet (Sanktionsliste)', lg_caught: 'von der Prüfregel erfasst', lg_possibly_caught: 'möglicherweise erfasst',
    lg_family: 'Unternehmensgruppe',
    board_support: 'Unterstützung im Gremium: {n} von {of} Stimmen', formal_pivots: 'Ausschlaggebend in der erfassten Abstimmung',
    no_pressure: 'An diesem Tag ist kein Angebot und keine Kündigungsdrohung gegen das Gremium von {board} erfasst: nichts zu prüfen.',
    library_link: 'Fallsammlung', story: 'Was geschah', events: 'Ereignisse', on_day: 'Am', latest_change: 'letzte Änderung', no_event: 'An diesem Tag ist kein Ereignis erfasst.',
    gained: 'Neue Verbindungen', lost: 'Weggefallene Verbindungen', against: 'gegenüber dem Vortag,', expand: 'Nachbarn einblenden',
    open_centre: 'In die Mitte stellen', export_png: 'PNG', export_svg: 'SVG', fit: 'Einpassen', export: 'Ansicht exportieren',
    here: 'hier', yes_word: 'ja', no_word: 'nein', unchanged: 'unverändert', what_moved: 'Was sich bewegt hat, und warum',
    did_you_mean: 'Meinten Sie:', lg_economic: 'wirtschaftliche Beteiligung (kein Eigentum)', lg_offer: 'Angebot / Drohung (gestrichelt)',
    lg_gained: 'neu', lg_lost: 'weggefallen',
    kind_person: 'Person', kind_company: 'Unternehmen', kind_nonprofit: 'gemeinnützige Organisation', kind_group: 'Gruppe',
    kind_partnership: 'Personengesellschaft', kind_fund: 'Fonds', kind_state: 'Staat', kind_state_body: 'staatliche Stelle',
    kind_unknown: 'nicht identifizierte Partei', language: 'Sprache', v_certainly: 'sicher', v_possibly: 'möglicherweise', v_no: 'nein',
    officials: 'Leitende Angestellte (anstelle eines wirtschaftlich Berechtigten angegeben)',
    besides_owners: 'stattdessen erfasst (kein Eigentum)',
    accounting_parents: 'Konsolidierende Muttergesellschaften (GLEIF Level 2; keine Beteiligung)',
    parent_direct: 'Direkte Muttergesellschaft', parent_ultimate: 'Oberste Muttergesellschaft', not_reported: 'nicht gemeldet',
    relationship_record: 'Beziehungseintrag', parent_lei: 'LEI der Muttergesellschaft',
    gap: 'Lücke', gap_until: 'kein eingetragener Eigentümer oder Kontrollinhaber vom {start} bis {end}', gap_since: 'kein eingetragener Eigentümer oder Kontrollinhaber seit {start}',
    gap_stated: ' (laut Register gibt es keinen)', gap_now: 'an diesem Tag gehört oder kontrolliert es laut Register niemand',
  },
};

let lang = 'en';

export function setLang(value) { lang = STRINGS[value] ? value : 'en'; document.documentElement.lang = lang; }
export function getLang() { return lang; }
export function t(key) { return (STRINGS[lang] && STRINGS[lang][key]) || STRINGS.en[key] || key; }
// An actor kind (kingmaker.model.ActorKind) in words.
export function kindName(kind) { return STRINGS.en[`kind_${kind}`] ? t(`kind_${kind}`) : String(kind).replace(/_/g, ' '); }
// A verdict word of the ownership engine (certainly / possibly / no) in words.
export function verdictWord(v) { return STRINGS.en[`v_${v}`] ? t(`v_${v}`) : v; }
// A {en: …, de: …} label from the data, in the current language.
export function tl(label, fallback = '') {
  if (!label) return fallback;
  if (typeof label === 'string') return label;
  return label[lang] || label.en || fallback;
}

const MONTHS = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  de: ['Jan.', 'Feb.', 'März', 'Apr.', 'Mai', 'Juni', 'Juli', 'Aug.', 'Sept.', 'Okt.', 'Nov.', 'Dez.'],
};

// A date as the server's formatter writes it (kingmaker.report.fmt.day): 17 Nov 2023 / 17. Nov. 2023.
export function fmtDay(iso) {
  if (!iso) return '–';
  const [y, m, d] = String(iso).slice(0, 10).split('-').map(Number);
  const month = MONTHS[lang][m - 1];
  return lang === 'de' ? `${d}. ${month} ${y}` : `${d} ${month} ${y}`;
}

// A number with the page language's decimal mark (kingmaker.report.fmt.number).
export function fmtNum(x, digits = 2) {
  if (x === null || x === undefined || Number.isNaN(Number(x))) return '–';
  const text = Number(x).toFixed(digits);
  return lang === 'de' ? text.replace('.', ',') : text;
}

// A fraction of one as a percentage with one decimal: 0.25 → 25.0 % / 25,0 %.
export function fmtPct(value) {
  if (value === null || value === undefined) return '–';
  return `${fmtNum(Number(value) * 100, 1)} %`;
}

export function translatePage() {
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  document.title = t('title');
}
