//! How long the print engine takes to make each template's PDF, inside one process (the
//! command-line benchmark, `tests/bench/leaflets.py`, measures whole runs and compares with
//! typst). Run: `cargo bench -p campaign-kit-core --bench render`.

use campaign_kit_core::group::GroupDetails;
use campaign_kit_core::print::compose::Assets;
use campaign_kit_core::print::impose::{Flip, Layout};
use campaign_kit_core::print::{self, templates};
use criterion::{Criterion, criterion_group, criterion_main};

/// A 3000 x 2000 photo-like JPEG (smooth gradients and some texture), made here so the
/// benchmark needs no file.
fn photo() -> Vec<u8> {
    let mut picture = image::RgbImage::new(3000, 2000);
    for (x, y, pixel) in picture.enumerate_pixels_mut() {
        let texture = ((x * 7 + y * 13) % 31) as u8;
        *pixel = image::Rgb([
            (x / 12) as u8 ^ texture,
            (y / 8) as u8,
            120u8.wrapping_add(texture),
        ]);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("jpeg");
    out.into_inner()
}

fn templates_in_each_layout(c: &mut Criterion) {
    let group = GroupDetails {
        name: "KONP Camden".into(),
        contact_email: "camden@example.org".into(),
        ..GroupDetails::default()
    };
    let assets = Assets {
        group: group.clone(),
        ..Assets::default()
    };
    for template in templates::all() {
        let design = template.new_design();
        for (name, layout) in [
            (
                "home",
                Layout::Home {
                    flip: Flip::ShortEdge,
                },
            ),
            ("shop", Layout::PrintShop { crop_marks: true }),
        ] {
            c.bench_function(&format!("{} {name}", template.id), |b| {
                b.iter(|| print::render(&design, &assets, &layout, false).expect("renders"))
            });
        }
    }
    let photo = photo();
    let with_photo = Assets {
        photo: Some(&photo),
        group,
        ..Assets::default()
    };
    let design = templates::by_id("a5-public")
        .expect("template")
        .new_design();
    let layout = Layout::PrintShop { crop_marks: false };
    c.bench_function("a5-public shop with a 6-megapixel photo", |b| {
        b.iter(|| print::render(&design, &with_photo, &layout, false).expect("renders"))
    });
    let preview = Layout::Home {
        flip: Flip::ShortEdge,
    };
    c.bench_function("a5-public preview (no photo)", |b| {
        let design = templates::by_id("a5-public")
            .expect("template")
            .new_design();
        b.iter(|| print::render(&design, &Assets::default(), &preview, true).expect("renders"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = templates_in_each_layout
}
criterion_main!(benches);
