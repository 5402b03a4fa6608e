//! Where the sheets of a tiled poster meet. A seam through a QR code stops it scanning, and
//! a seam through a line of text ("7pm to 8.30pm", the group's name) is hard to read once the
//! sheets are taped together, so each seam is moved, within the room the overlap leaves, to
//! the place that cuts the least: never the QR code, then as few lines and words as can be.

use parley::PositionedLayoutItem;

use super::compose::{DesignPage, Op};

/// A box on the design, in points from its top-left: left, top, right, bottom.
type Area = (f32, f32, f32, f32);

/// What a seam should not cut, in design points.
#[derive(Default)]
pub struct Obstacles {
    qr_codes: Vec<Area>,
    lines: Vec<Area>,
    words: Vec<Area>,
}

/// The QR codes, lines and words on a design's page.
pub fn obstacles(page: &DesignPage) -> Obstacles {
    let mut found = Obstacles::default();
    for op in &page.ops {
        match op {
            Op::Qr { qr, x, y, size } => {
                let outer = qr.outer_size(*size);
                found.qr_codes.push((*x, *y, x + outer, y + outer));
            }
            Op::Text {
                paragraph, x, y, ..
            } => {
                for line in paragraph.layout.lines() {
                    let metrics = line.metrics();
                    let (top, bottom) = (y + metrics.block_min_coord, y + metrics.block_max_coord);
                    let left = x + metrics.offset;
                    found
                        .lines
                        .push((left, top, left + metrics.advance, bottom));
                    for item in line.items() {
                        let PositionedLayoutItem::GlyphRun(run) = item else {
                            continue;
                        };
                        let mut at = x + run.offset();
                        let mut word_start: Option<f32> = None;
                        for cluster in run.run().visual_clusters() {
                            let text = paragraph.text.get(cluster.text_range()).unwrap_or("");
                            let is_gap = text.chars().all(|c| c == ' ' || c == '\n');
                            match (is_gap, word_start) {
                                (true, Some(start)) => {
                                    found.words.push((start, top, at, bottom));
                                    word_start = None;
                                }
                                (false, None) => word_start = Some(at),
                                _ => {}
                            }
                            at += cluster.advance();
                        }
                        if let Some(start) = word_start {
                            found.words.push((start, top, at, bottom));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// How bad a seam down the page at `x` (design points) would be.
pub fn vertical_cost(obstacles: &Obstacles, x: f32, clearance: f32) -> f32 {
    let crosses = |a: &Area| a.0 - clearance < x && x < a.2 + clearance;
    1000.0 * obstacles.qr_codes.iter().filter(|a| crosses(a)).count() as f32
        + obstacles.words.iter().filter(|a| crosses(a)).count() as f32
}

/// How bad a seam across the page at `y` (design points) would be.
pub fn horizontal_cost(obstacles: &Obstacles, y: f32, clearance: f32) -> f32 {
    let crosses = |a: &Area| a.1 - clearance < y && y < a.3 + clearance;
    1000.0 * obstacles.qr_codes.iter().filter(|a| crosses(a)).count() as f32
        + 10.0 * obstacles.lines.iter().filter(|a| crosses(a)).count() as f32
}

/// Where each of `count` sheets starts along a poster `length` long, when each sheet shows
/// `shown` of it and neighbours overlap by at least `overlap`. The first starts at 0; each
/// other is placed, in half-millimetre steps, where `cost` is lowest, keeping every sheet
/// overlapping the one before and leaving the sheets after it able to reach the end.
pub fn starts(
    length: f32,
    shown: f32,
    count: u32,
    overlap: f32,
    cost: impl Fn(f32) -> f32,
) -> Vec<f32> {
    let step_most = shown - overlap;
    let mut starts = vec![0.0_f32];
    for index in 1..count {
        let previous = starts[starts.len() - 1];
        let latest = previous + step_most;
        let after = (count - 1 - index) as f32;
        let earliest = (length - shown - after * step_most).max(previous + step_most / 2.0);
        let half_mm = super::paper::mm(0.5);
        let mut best = (cost(latest), latest);
        let mut at = latest;
        while at - half_mm >= earliest.min(latest) {
            at -= half_mm;
            let here = cost(at);
            if here < best.0 {
                best = (here, at);
            }
        }
        starts.push(best.1);
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seam_moves_off_what_it_would_cut_within_the_overlap_room() {
        // A 500-long poster on 3 sheets showing 200 each, overlapping by at least 10: the
        // seams would be at 190 and 380; something at 185 to 195 moves the first one.
        let starts = starts(500.0, 200.0, 3, 10.0, |x| {
            if (185.0..195.0).contains(&x) {
                5.0
            } else {
                0.0
            }
        });
        assert_eq!(starts.len(), 3);
        assert!(starts[1] < 185.0 && starts[1] > 150.0, "{starts:?}");
        // Every sheet still overlaps the one before, and the last reaches the end.
        assert!(starts[0] + 200.0 - starts[1] >= 10.0);
        assert!(starts[1] + 200.0 - starts[2] >= 10.0);
        assert!(starts[2] + 200.0 >= 500.0);
    }
}
