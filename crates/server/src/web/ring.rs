//! The ring page: profile, weekly activity, the graph of reports and
//! indicators (hubs and bridges marked; large rings sampled, and the page
//! says so), the indicator table, linked rings, history, and members.

use super::graph::{bars, Graph, NodeKind};
use super::session::Web;
use super::{fmt, layout, Page, WebError, WebResult};
use crate::problem::Problem;
use crate::state::Shared;
use crate::views::Looker;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use chrono::NaiveDate;
use maud::{html, Markup};
use std::collections::{BTreeMap, HashMap, HashSet};

/// At most this many reports are drawn; larger rings are sampled.
pub const GRAPH_REPORTS: usize = 120;
/// At most this many indicators are drawn.
pub const GRAPH_INDICATORS: usize = 50;
/// Rings up to this size show every indicator, shared or not.
const SMALL: usize = 25;
const MEMBERS_PAGE: usize = 100;
const INDICATOR_ROWS: usize = 100;

#[derive(Debug, serde::Deserialize)]
pub struct RingPageQuery {
    pub page: Option<String>,
}

/// `GET /rings/{id}`.
pub async fn page(
    State(state): State<Shared>,
    web: Web,
    Path(id): Path<String>,
    Query(q): Query<RingPageQuery>,
) -> WebResult {
    let l = web.lang;
    {
        let cat = state.catalog();
        let who = Looker::new(&cat, web.viewer());
        let seen = cat
            .ring_ix(&id)
            .is_some_and(|g| cat.visible_size(&who, g) > 0);
        if !seen {
            return Err(WebError::not_found(l));
        }
    }
    let ring = id.clone();
    let (bridges, history) = state
        .blocking(move |s| {
            s.readers
                .with(|store| {
                    Ok::<_, ringtrace_store::StoreError>((
                        store.ring_bridges(&ring)?,
                        store.ring_history(&ring)?,
                    ))
                })
                .map_err(Problem::from)
        })
        .await
        .map_err(|p| WebError::from_problem(l, p))?;
    let page: usize = q
        .page
        .as_deref()
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let cat = state.catalog();
    let warnings = state.warnings();
    let who = Looker::new(&cat, web.viewer());
    let g = cat.ring_ix(&id).ok_or_else(|| WebError::not_found(l))?;
    let profile = cat
        .ring_view(&who, g)
        .ok_or_else(|| WebError::not_found(l))?;
    let members = cat.visible_members(&who, g);

    // Bridges to rings the caller sees, as the API gives them.
    let bridges: Vec<(String, ringtrace_model::Indicator)> = bridges
        .into_iter()
        .filter_map(|b| {
            let other = if b.ring_a == id { b.ring_b } else { b.ring_a };
            let og = cat.ring_ix(&other)?;
            (cat.visible_size(&who, og) > 0).then_some((other, b.indicator))
        })
        .collect();
    let bridge_values: HashSet<&ringtrace_model::Indicator> =
        bridges.iter().map(|b| &b.1).collect();

    // Every indicator of the visible members with its count of reports.
    let mut counts: HashMap<u32, (u64, bool)> = HashMap::new();
    for &rix in &members {
        let mut seen = HashSet::new();
        for m in &cat.entry(rix).mentions {
            if seen.insert(m.indicator) {
                let c = counts.entry(m.indicator).or_insert((0, false));
                c.0 += 1;
                c.1 |= m.may_link;
            }
        }
    }
    let mut ranked: Vec<(u32, u64, bool)> = counts
        .into_iter()
        .map(|(i, (n, link))| (i, n, link))
        .collect();
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| cat.indicator(a.0).cmp(cat.indicator(b.0)))
    });

    // The graph: the most shared linking values (and hubs), and for each a
    // few of its reports, until the budget is spent.
    let small = members.len() <= SMALL;
    let drawn_ind: Vec<(u32, u64)> = ranked
        .iter()
        .filter(|(i, n, link)| {
            (*link || warnings.hub(cat.indicator(*i)).is_some()) && (small || *n >= 2)
        })
        .take(GRAPH_INDICATORS)
        .map(|(i, n, _)| (*i, *n))
        .collect();
    let drawn_set: HashMap<u32, usize> = drawn_ind
        .iter()
        .enumerate()
        .map(|(k, (i, _))| (*i, k))
        .collect();
    let mut chosen: Vec<u32> = Vec::new();
    let sampled = members.len() > GRAPH_REPORTS;
    if sampled {
        let mut by_ind: HashMap<u32, Vec<u32>> = HashMap::new();
        for &rix in members.iter().rev() {
            for m in &cat.entry(rix).mentions {
                if drawn_set.contains_key(&m.indicator) {
                    let v = by_ind.entry(m.indicator).or_default();
                    if v.last() != Some(&rix) && v.len() < GRAPH_REPORTS {
                        v.push(rix);
                    }
                }
            }
        }
        let per = (GRAPH_REPORTS / drawn_ind.len().max(1)).max(2);
        let mut taken = HashSet::new();
        'outer: for round in 0..GRAPH_REPORTS {
            let mut any = false;
            for (iix, _) in &drawn_ind {
                if let Some(list) = by_ind.get(iix) {
                    if round < per {
                        if let Some(r) = list.iter().find(|r| !taken.contains(*r)) {
                            taken.insert(*r);
                            chosen.push(*r);
                            any = true;
                        }
                    }
                }
                if chosen.len() >= GRAPH_REPORTS {
                    break 'outer;
                }
            }
            if !any {
                break;
            }
        }
    } else {
        chosen = members.clone();
    }
    let mut graph = Graph::default();
    let mut ind_node: HashMap<u32, usize> = HashMap::new();
    for (iix, n) in &drawn_ind {
        let ind = cat.indicator(*iix);
        let node = graph.add(NodeKind::Indicator {
            kind: ind.kind.as_str().to_string(),
            value: ind.value.clone(),
            reports: *n,
            hub: warnings.hub(ind).is_some(),
            bridge: bridge_values.contains(ind),
        });
        ind_node.insert(*iix, node);
    }
    for &rix in &chosen {
        let e = cat.entry(rix);
        let node = graph.add(NodeKind::Report {
            key: format!("{}:{}", cat.partner_slug(e.partner), e.id),
            tlp: e.tlp.as_str().to_string(),
        });
        let mut seen = HashSet::new();
        for m in &e.mentions {
            if let Some(&i) = ind_node.get(&m.indicator) {
                if seen.insert(i) {
                    graph.edges.push((node, i));
                }
            }
        }
    }
    let iterations = if graph.nodes.len() > 120 { 120 } else { 200 };
    graph.layout(iterations);
    let shared_total = ranked.iter().filter(|(_, n, _)| *n >= 2).count();

    let weekly: Vec<(NaiveDate, u64)> = profile
        .weekly
        .iter()
        .filter_map(|w| {
            Some((
                NaiveDate::parse_from_str(&w.week, "%Y-%m-%d").ok()?,
                w.reports,
            ))
        })
        .collect();
    let (weekly, weeks_per_bar) = super::graph::bucket(&weekly, 104);
    let title = format!("{} {}", l.t("Ring", "Réseau"), profile.ring);
    let activity_caption = if weeks_per_bar == 1 {
        l.t(
            "Reports of this ring per week",
            "Signalements de ce réseau par semaine",
        )
        .to_string()
    } else {
        format!(
            "{} {weeks_per_bar} {}",
            l.t("Reports of this ring per", "Signalements de ce réseau par"),
            l.t("weeks", "semaines")
        )
    };
    let kinds_drawn: Vec<&str> = {
        let mut k: Vec<&str> = drawn_ind
            .iter()
            .map(|(i, _)| cat.indicator(*i).kind.as_str())
            .collect();
        k.sort_unstable();
        k.dedup();
        k
    };
    let newest_first: Vec<u32> = members.iter().rev().copied().collect();
    let pages = newest_first.len().div_ceil(MEMBERS_PAGE).max(1);
    let page = page.min(pages);
    let member_page =
        &newest_first[(page - 1) * MEMBERS_PAGE..(page * MEMBERS_PAGE).min(newest_first.len())];
    let why: Vec<(u32, u64)> = ranked
        .iter()
        .filter(|(i, n, link)| *link && *n >= 2 && warnings.hub(cat.indicator(*i)).is_none())
        .take(3)
        .map(|(i, n, _)| (*i, *n))
        .collect();

    let map_list = |m: &BTreeMap<String, u64>, name: &dyn Fn(&str) -> String| -> Markup {
        let mut v: Vec<(&String, &u64)> = m.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        html! {
            (v.iter().take(8).map(|(k, n)| format!("{} ({})", name(k), fmt::count(l, **n))).collect::<Vec<_>>().join(", "))
            @if v.len() > 8 { ", …" }
        }
    };
    let body = html! {
        h1 { (title) }
        p.note #why {
            (l.t("Reports join one ring when they share a scammer's value — a phone number, a site, a wallet, a remote-access ID — that is not a known hub.",
                 "Des signalements forment un réseau quand ils partagent une valeur de l'escroc — numéro, site, portefeuille, ID d'accès à distance — qui n'est pas un hub connu."))
            @if !why.is_empty() {
                " " (l.t("Here, the most shared are:", "Ici, les plus partagées sont :")) " "
                @for (k, (iix, n)) in why.iter().enumerate() {
                    @let ind = cat.indicator(*iix);
                    @if k > 0 { "; " }
                    a.value href=(super::indicator_href(ind.kind.as_str(), &ind.value)) { (ind.value) }
                    " (" (layout::kind_name(l, ind.kind.as_str())) ", " (fmt::count(l, *n)) " " (l.t("reports", "signalements")) ")"
                }
                "."
            }
        }
        div.grid {
            section.card aria-labelledby="profile-h" {
                h2 #profile-h { (l.t("Profile", "Profil")) }
                dl.facts {
                    dt { (l.t("Reports", "Signalements")) } dd #ring-size { (fmt::count(l, profile.report_count)) }
                    dt { (l.t("Partners", "Partenaires")) } dd { (profile.partners.join(", ")) }
                    dt { (l.t("Brands", "Marques")) } dd { @if profile.brands.is_empty() { "—" } @else { (profile.brands.join(", ")) } }
                    dt { (l.t("Channels", "Canaux")) } dd { (map_list(&profile.channels, &|c| layout::channel_name(l, c).to_string())) }
                    dt { (l.t("Victims' countries", "Pays des victimes")) } dd { (map_list(&profile.victim_countries, &|c| if c == "unknown" { l.t("unknown", "inconnu").to_string() } else { c.to_string() })) }
                    dt { (l.t("Phone countries", "Pays des numéros")) } dd { @if profile.phone_countries.is_empty() { "—" } @else { (map_list(&profile.phone_countries, &|c| if c == "unknown" { l.t("unknown", "inconnu").to_string() } else { c.to_string() })) } }
                    dt { (l.t("Losses", "Pertes")) } dd {
                        @if profile.loss_total.is_empty() { "—" }
                        @else { (profile.loss_total.iter().map(|(c, v)| fmt::amount(l, *v, c)).collect::<Vec<_>>().join(" · ")) }
                    }
                    dt { (l.t("First seen", "Vu la première fois")) } dd { (profile.first_seen.as_deref().map(|d| fmt::date(l, d)).unwrap_or_default()) }
                    dt { (l.t("Last seen", "Vu la dernière fois")) } dd { (profile.last_seen.as_deref().map(|d| fmt::date(l, d)).unwrap_or_default()) }
                }
            }
            section.card aria-labelledby="activity-h" {
                h2 #activity-h { (l.t("Activity", "Activité")) }
                (bars(l, "activity", &activity_caption, &weekly, weeks_per_bar))
            }
        }
        section aria-labelledby="graph-h" {
            h2 #graph-h { (l.t("Graph of reports and indicators", "Graphe des signalements et indicateurs")) }
            p #graph-caption {
                @if sampled {
                    (l.t("A sample: ", "Un échantillon : "))
                    (fmt::count(l, chosen.len() as u64)) " " (l.t("of", "sur")) " " (fmt::count(l, members.len() as u64)) " "
                    (l.t("reports, chosen a few per value, and the", "signalements, quelques-uns par valeur, et les"))
                    " " (fmt::count(l, drawn_ind.len() as u64)) " "
                    (l.t("most shared of", "plus partagées des")) " " (fmt::count(l, shared_total as u64)) " "
                    (l.t("shared values. The tables below count every report.", "valeurs partagées. Les tableaux ci-dessous comptent tous les signalements."))
                } @else {
                    (fmt::count(l, chosen.len() as u64)) " " (l.t("reports (circles) and", "signalements (cercles) et")) " "
                    (fmt::count(l, drawn_ind.len() as u64)) " " (l.t("indicators (diamonds, sized by their number of reports).", "indicateurs (losanges, selon leur nombre de signalements)."))
                }
                " " (l.t("Select a node to open it.", "Sélectionnez un nœud pour l'ouvrir."))
            }
            div.graph-tools #graph-tools hidden {
                button type="button" data-zoom="in" { (l.t("Zoom in", "Agrandir")) }
                button type="button" data-zoom="out" { (l.t("Zoom out", "Réduire")) }
                button type="button" data-zoom="reset" { (l.t("Reset", "Réinitialiser")) }
                fieldset {
                    legend { (l.t("Show kinds", "Types affichés")) }
                    @for k in &kinds_drawn {
                        label { input type="checkbox" checked data-kind=(k); " " (layout::kind_name(l, k)) }
                    }
                }
            }
            a.skip-inline href="#ind-h" { (l.t("Skip the graph", "Passer le graphe")) }
            div.graph-wrap { (graph.svg(l, "graph-h graph-caption")) }
            ul.legend aria-label=(l.t("Legend", "Légende")) {
                li { svg width="14" height="14" aria-hidden="true" { circle cx="7" cy="7" r="5" fill="#1d4ed8" {} } " " (l.t("report", "signalement")) }
                @for k in &kinds_drawn {
                    li { svg width="14" height="14" aria-hidden="true" { rect x="2" y="2" width="10" height="10" fill=(super::graph::kind_colour(k)) stroke="#111827" {} } " " (layout::kind_name(l, k)) }
                }
                li { svg width="14" height="14" aria-hidden="true" { rect x="2" y="2" width="10" height="10" fill="#fff" stroke="#b91c1c" stroke-width="3" stroke-dasharray="3 2" {} } " " (l.t("hub (on the warning list: never links)", "hub (liste d'avertissement : ne relie jamais)")) }
                li { svg width="14" height="14" aria-hidden="true" { rect x="2" y="2" width="10" height="10" fill="#fff" stroke="#6d28d9" stroke-width="3" {} } " " (l.t("bridge (also in a linked ring)", "pont (aussi dans un réseau lié)")) }
            }
        }
        section aria-labelledby="ind-h" {
            h2 #ind-h { (l.t("Indicators", "Indicateurs")) }
            div.scroll { table #indicator-table {
                thead { tr {
                    th scope="col" { (l.t("Kind", "Type")) }
                    th scope="col" { (l.t("Value", "Valeur")) }
                    th.num scope="col" { (l.t("Reports in this ring", "Signalements du réseau")) }
                    th scope="col" { (l.t("Notes", "Remarques")) }
                } }
                tbody {
                    @for (iix, n, link) in ranked.iter().take(INDICATOR_ROWS) {
                        @let ind = cat.indicator(*iix);
                        tr {
                            td { (layout::kind_name(l, ind.kind.as_str())) }
                            td { a.value href=(super::indicator_href(ind.kind.as_str(), &ind.value)) { (ind.value) } }
                            td.num { (fmt::count(l, *n)) }
                            td {
                                @if warnings.hub(ind).is_some() { span.badge.hub { (l.t("hub", "hub")) } " " }
                                @if bridge_values.contains(ind) { span.badge.bridge { (l.t("bridge", "pont")) } " " }
                                @if !*link { (l.t("never links (victim's own or a legitimate reference)", "ne relie jamais (de la victime ou référence légitime)")) }
                            }
                        }
                    }
                }
            } }
            @if ranked.len() > INDICATOR_ROWS {
                p.help { (fmt::count(l, (ranked.len() - INDICATOR_ROWS) as u64)) " " (l.t("more indicators, each in fewer reports.", "autres indicateurs, chacun dans moins de signalements.")) }
            }
        }
        div.grid {
            section.card aria-labelledby="linked-h" {
                h2 #linked-h { (l.t("Linked rings", "Réseaux liés")) }
                @if bridges.is_empty() {
                    p { (l.t("No value of this ring is shared with another ring.", "Aucune valeur de ce réseau n'est partagée avec un autre réseau.")) }
                } @else {
                    p.help { (l.t("One shared value was not enough to merge these rings.", "Une seule valeur partagée ne suffisait pas à fusionner ces réseaux.")) }
                    table {
                        thead { tr { th scope="col" { (l.t("Ring", "Réseau")) } th scope="col" { (l.t("Through", "Par")) } } }
                        tbody { @for (other, ind) in &bridges {
                            tr {
                                td { a href=(super::ring_href(other)) { (other) } }
                                td { (layout::kind_name(l, ind.kind.as_str())) " " a.value href=(super::indicator_href(ind.kind.as_str(), &ind.value)) { (ind.value) } }
                            }
                        } }
                    }
                }
            }
            section.card aria-labelledby="history-h" {
                h2 #history-h { (l.t("History", "Historique")) }
                @if history.is_empty() { p { "—" } } @else {
                    table {
                        thead { tr { th scope="col" { (l.t("When", "Quand")) } th scope="col" { (l.t("Event", "Événement")) } th scope="col" { (l.t("Reason", "Raison")) } } }
                        tbody { @for h in &history {
                            tr {
                                td { (fmt::datetime(l, &h.at)) }
                                td {
                                    (match h.event.as_str() {
                                        "created" => l.t("created", "créé"),
                                        "merged" => l.t("merged with", "fusionné avec"),
                                        "split" => l.t("split from", "séparé de"),
                                        _ => l.t("changed", "modifié"),
                                    })
                                    @if let Some(o) = &h.other { " " a href=(super::ring_href(o)) { (o) } }
                                }
                                td { (h.reason.clone().unwrap_or_default()) }
                            }
                        } }
                    }
                }
            }
        }
        section aria-labelledby="members-h" {
            h2 #members-h { (l.t("Reports, newest first", "Signalements, du plus récent au plus ancien")) }
            div.scroll { table #member-table {
                thead { tr {
                    th scope="col" { (l.t("Report", "Signalement")) }
                    th scope="col" { (l.t("Received", "Reçu")) }
                    th scope="col" { "TLP" }
                    th scope="col" { (l.t("Channel", "Canal")) }
                    th scope="col" { (l.t("Brand", "Marque")) }
                    th scope="col" { (l.t("Country", "Pays")) }
                } }
                tbody { @for rix in member_page {
                    @let e = cat.entry(*rix);
                    @let key = format!("{}:{}", cat.partner_slug(e.partner), e.id);
                    tr {
                        td { a href=(super::report_href(&key)) { (key) } }
                        td { (fmt::datetime(l, &e.received_at)) }
                        td { (layout::tlp(e.tlp.as_str())) }
                        td { (layout::channel_name(l, e.channel.as_deref().unwrap_or(""))) }
                        td { (e.brand.as_deref().unwrap_or("—")) }
                        td { (e.region.as_deref().unwrap_or("—")) }
                    }
                } }
            } }
            @if pages > 1 {
                nav.pager aria-label=(l.t("Pages of reports", "Pages de signalements")) {
                    @if page > 1 { a href=(format!("{}?page={}#members-h", super::ring_href(&id), page - 1)) rel="prev" { "← " (l.t("Newer", "Plus récents")) } }
                    span { (page) " / " (pages) }
                    @if page < pages { a href=(format!("{}?page={}#members-h", super::ring_href(&id), page + 1)) rel="next" { (l.t("Older", "Plus anciens")) " →" } }
                }
            }
        }
    };
    Ok(Page::from(layout::page(&web, &title, body)).into_response())
}
