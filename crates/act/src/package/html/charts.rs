//! Inline SVG charts for `report.html`: horizontal bars and a weekly timeline.

use maud::{html, Markup};

const BAR_H: f64 = 18.0;
const LABEL_W: f64 = 140.0;
const WIDTH: f64 = 640.0;

fn r1(v: f64) -> String {
    format!("{:.1}", v)
}

/// A horizontal bar per item: label, value, printed value.
pub fn bars(caption: &str, items: &[(String, f64, String)]) -> Markup {
    let max = items.iter().map(|i| i.1).fold(0.0_f64, f64::max).max(1e-9);
    let h = BAR_H * items.len() as f64 + 24.0;
    let span = WIDTH - LABEL_W - 90.0;
    html! {
        figure {
            svg xmlns="http://www.w3.org/2000/svg" role="img" width=(WIDTH) height=(r1(h))
                viewBox=(format!("0 0 {WIDTH} {}", r1(h))) {
                title { (caption) }
                @for (i, (label, value, printed)) in items.iter().enumerate() {
                    @let y = 4.0 + BAR_H * i as f64;
                    @let w = (value / max * span).max(0.5);
                    text x=(r1(LABEL_W - 6.0)) y=(r1(y + 13.0)) text-anchor="end" font-size="11" { (label) }
                    rect x=(r1(LABEL_W)) y=(r1(y + 2.0)) width=(r1(w)) height=(r1(BAR_H - 4.0)) fill="#4a6fa5" {}
                    text x=(r1(LABEL_W + w + 4.0)) y=(r1(y + 13.0)) font-size="11" { (printed) }
                }
            }
            figcaption { (caption) }
        }
    }
}

/// Vertical bars, one per week (`label`, count), labelled every few bars.
pub fn timeline(caption: &str, weeks: &[(String, u64)]) -> Markup {
    let max = weeks.iter().map(|w| w.1).max().unwrap_or(0).max(1) as f64;
    let n = weeks.len().max(1) as f64;
    let plot_h = 160.0;
    let left = 30.0;
    let bw = ((WIDTH - left - 10.0) / n).max(1.0);
    let every = (weeks.len() / 8).max(1);
    html! {
        figure {
            svg xmlns="http://www.w3.org/2000/svg" role="img" width=(WIDTH) height="210"
                viewBox=(format!("0 0 {WIDTH} 210")) {
                title { (caption) }
                line x1=(left) y1=(r1(plot_h + 10.0)) x2=(WIDTH - 10.0) y2=(r1(plot_h + 10.0)) stroke="#333" {}
                text x=(left - 4.0) y="16" text-anchor="end" font-size="10" { (max as u64) }
                text x=(left - 4.0) y=(r1(plot_h + 10.0)) text-anchor="end" font-size="10" { "0" }
                @for (i, (label, count)) in weeks.iter().enumerate() {
                    @let x = left + bw * i as f64;
                    @let h = *count as f64 / max * (plot_h - 2.0);
                    @if *count > 0 {
                        rect x=(r1(x + 0.5)) y=(r1(plot_h + 10.0 - h)) width=(r1((bw - 1.0).max(0.5))) height=(r1(h)) fill="#4a6fa5" {
                            title { (label) ": " (count) }
                        }
                    }
                    @if i.is_multiple_of(every) {
                        text x=(r1(x)) y=(r1(plot_h + 24.0)) font-size="9" { (label) }
                    }
                }
            }
            figcaption { (caption) }
        }
    }
}
