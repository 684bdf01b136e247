//! `report.html`: the self-contained, printable report of an evidence
//! package (no script, no external resource; charts are inline SVG).

mod charts;
mod facts;
mod hypothesis;
pub(crate) mod svg_check;
mod text;

use super::{PackageInput, Redaction};
use crate::case::CaseStatus;
use facts::{money, money_list};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use ringtrace_share::SharedReport;
use text as t;

const STYLE: &str = r#"
body { font: 11pt/1.4 "DejaVu Sans", Arial, sans-serif; color: #111; margin: 2em auto; max-width: 60em; }
h1 { font-size: 18pt; margin-bottom: 0.2em; }
h2 { font-size: 14pt; border-bottom: 1px solid #999; margin-top: 1.6em; }
h3 { font-size: 12pt; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 9.5pt; word-break: break-all; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
figure { margin: 0.6em 0; }
figcaption { font-size: 9pt; color: #444; }
p.note { color: #444; font-size: 9.5pt; }
footer { margin-top: 2em; font-size: 9pt; color: #444; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { page-break-after: avoid; break-after: avoid; }
  table, figure, svg { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
  section.graph { page-break-before: always; break-before: page; }
  a { color: inherit; text-decoration: none; }
}
@page { size: A4; margin: 15mm; }
"#;

/// The whole page. `reports` are the redacted reports; `graph` the ring
/// graph SVG, already checked.
pub fn render(
    input: &PackageInput,
    reports: &[SharedReport],
    redaction: Redaction,
    graph: Option<&str>,
) -> String {
    let case = &input.case;
    let countries = facts::by_country(reports, t::UNKNOWN_COUNTRY);
    let total = facts::loss_total(reports);
    let partners = facts::by_partner(reports);
    let weeks = facts::by_week(reports);
    let times: Vec<_> = reports.iter().filter_map(facts::received).collect();
    let period = match (times.iter().min(), times.iter().max()) {
        (Some(a), Some(b)) => format!("{} – {}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
        _ => t::NONE.to_string(),
    };
    let status = match &case.status {
        CaseStatus::Open => "open".to_string(),
        CaseStatus::Referred { agency, at } => {
            format!("referred to {agency} on {}", at.format("%Y-%m-%d"))
        }
        CaseStatus::Closed { resolution, at } => {
            format!("closed on {} ({resolution})", at.format("%Y-%m-%d"))
        }
    };
    let country_bars: Vec<(String, f64, String)> = countries
        .iter()
        .map(|(c, row)| (c.clone(), row.reports as f64, row.reports.to_string()))
        .collect();
    let loss_bars: Vec<(String, f64, String)> = total
        .iter()
        .map(|(c, a)| (c.clone(), *a, money(*a, c)))
        .collect();
    let all_facts = input.rings.iter().flat_map(|r| r.indicators.iter());
    let groups = hypothesis::groups(all_facts);
    let title = format!("{} {} — {}", t::TITLE, case.id, case.title);

    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (t::TITLE) " " (case.id) }
                    p { strong { (case.title) } }
                    dl.meta {
                        dt { (t::STATUS) } dd { (status) }
                        @if let Some(a) = &case.agency { dt { (t::AGENCY) } dd { (a) } }
                        @if let Some(a) = &case.assignee { dt { (t::ASSIGNEE) } dd { (a) } }
                        dt { (t::OPENED) } dd { (case.opened_at.to_rfc3339()) " (" (case.opened_by) ")" }
                        dt { (t::EXPORTER) } dd { (input.exporter) }
                        dt { (t::GENERATED) } dd { (input.generated_at.to_rfc3339()) }
                        dt { (t::REDACTION) } dd { (redaction) }
                    }
                }
                section {
                    h2 { (t::SUMMARY) }
                    dl.meta {
                        dt { (t::SUMMARY_REPORTS) } dd { (reports.len()) }
                        dt { (t::SUMMARY_RINGS) } dd { (input.rings.len()) ": " (input.rings.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ")) }
                        dt { (t::SUMMARY_PARTNERS) } dd { (partners.len()) }
                        dt { (t::SUMMARY_COUNTRIES) } dd { (countries.len()) }
                        dt { (t::SUMMARY_PERIOD) } dd { (period) }
                        dt { (t::SUMMARY_LOSS) } dd { (money_list(&total, t::NONE)) }
                    }
                }
                section {
                    h2 { (t::VICTIMS) }
                    p.note { (t::VICTIMS_NOTE) }
                    table {
                        thead { tr { th { (t::COUNTRY) } th { (t::SUMMARY_REPORTS) } th { (t::LOSS) } } }
                        tbody {
                            @for (c, row) in &countries {
                                tr { td { (c) } td.num { (row.reports) } td.num { (money_list(&row.loss, "—")) } }
                            }
                        }
                    }
                    @if !country_bars.is_empty() { (charts::bars(t::CHART_COUNTRIES, &country_bars)) }
                    @if !loss_bars.is_empty() {
                        table {
                            thead { tr { th { (t::CURRENCY) } th { (t::LOSS) } } }
                            tbody { @for (c, a) in &total { tr { td { (c) } td.num { (money(*a, c)) } } } }
                        }
                        (charts::bars(t::CHART_LOSSES, &loss_bars))
                    }
                }
                section {
                    h2 { (t::TIMELINE) }
                    p.note { (t::TIMELINE_NOTE) }
                    @if weeks.is_empty() { p { (t::NONE) } } @else { (charts::timeline(t::CHART_WEEKS, &weeks)) }
                }
                @if let Some(svg) = graph {
                    section.graph {
                        h2 { (t::GRAPH) }
                        p.note { (t::GRAPH_NOTE) }
                        figure { (PreEscaped(svg)) }
                    }
                }
                section {
                    h2 { (t::RINGS) }
                    @for ring in &input.rings {
                        h3 { (t::RING) " " (ring.id) }
                        dl.meta {
                            dt { (t::SUMMARY_REPORTS) } dd { (ring.report_count) }
                            dt { (t::PARTNER) } dd { (ring.partners.join(", ")) }
                            dt { (t::BRANDS) } dd { (if ring.brands.is_empty() { t::NONE.to_string() } else { ring.brands.join(", ") }) }
                            dt { (t::FIRST_SEEN) } dd { (ring.first_seen.to_rfc3339()) }
                            dt { (t::LAST_SEEN) } dd { (ring.last_seen.to_rfc3339()) }
                            dt { (t::LOSS) } dd { (money_list(&ring.loss, t::NONE)) }
                            dt { (t::BRIDGES) } dd {
                                @if ring.bridges.is_empty() { (t::NONE) }
                                @for (i, b) in ring.bridges.iter().enumerate() {
                                    @if i > 0 { "; " }
                                    (b.ring) " " (t::BRIDGE_VIA) " " code { (b.via) }
                                }
                            }
                        }
                    }
                }
                section {
                    h2 { (t::INDICATORS) }
                    p.note { (t::INDICATORS_NOTE) }
                    table {
                        thead { tr { th { (t::RING) } th { (t::KIND) } th { (t::VALUE) } th { (t::FIRST_SEEN) } th { (t::LAST_SEEN) } th { (t::SUMMARY_REPORTS) } } }
                        tbody {
                            @for ring in &input.rings {
                                @for f in &ring.indicators {
                                    tr {
                                        td { (ring.id) } td { (f.indicator.kind) } td { code { (f.indicator.value) } }
                                        td { (f.first_seen.format("%Y-%m-%d")) } td { (f.last_seen.format("%Y-%m-%d")) }
                                        td.num { (f.reports) }
                                    }
                                }
                            }
                        }
                    }
                }
                section {
                    h2 { (t::PARTNERS) }
                    p.note { (t::PARTNERS_NOTE) }
                    table {
                        thead { tr { th { (t::PARTNER) } th { (t::SUMMARY_REPORTS) } th { (t::RINGS) } th { (t::DISTINCT_INDICATORS) } th { (t::LOSS) } } }
                        tbody {
                            @for (p, row) in &partners {
                                tr {
                                    td { (p) } td.num { (row.reports) }
                                    td { (row.rings.iter().cloned().collect::<Vec<_>>().join(", ")) }
                                    td.num { (row.indicators.len()) }
                                    td.num { (money_list(&row.loss, "—")) }
                                }
                            }
                        }
                    }
                }
                section {
                    h2 { (t::HYPOTHESIS) }
                    p.note { (t::HYPOTHESIS_NOTE) }
                    @for g in &groups {
                        h3 { (g.title) }
                        p { (g.note) }
                        @if g.values.is_empty() { p.note { (t::NO_VALUES) } } @else {
                            table {
                                thead { tr { th { (t::KIND) } th { (t::VALUE) } th { (t::DETAIL) } th { (t::FIRST_SEEN) } th { (t::LAST_SEEN) } th { (t::SUMMARY_REPORTS) } } }
                                tbody {
                                    @for (f, detail) in &g.values {
                                        tr {
                                            td { (f.indicator.kind) } td { code { (f.indicator.value) } } td { (detail) }
                                            td { (f.first_seen.format("%Y-%m-%d")) } td { (f.last_seen.format("%Y-%m-%d")) }
                                            td.num { (f.reports) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if !case.reports.is_empty() {
                    section {
                        h2 { (t::REPORTS_LINKED) }
                        ul { @for k in &case.reports { li { code { (k) } } } }
                    }
                }
                footer { p { (t::FOOTER) } }
            }
        }
    };
    let mut out: Markup = page;
    out.0.push('\n');
    out.into_string()
}
