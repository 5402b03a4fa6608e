//! Photos and logos: checked before anything else touches them, cropped to their frame and
//! scaled down to 300 dots per inch at the size they print, so a 24-megapixel phone photo
//! does not make a 20 MB leaflet.

use std::hash::{Hash, Hasher};
use std::io::Cursor;
use std::sync::Mutex;

use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use thiserror::Error;

use super::design::{PhotoFit, PhotoSettings};
use super::paper::to_mm;

/// Pictures bigger than this are refused before they are opened.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;
/// …and so are pictures wider or taller than this…
pub const MAX_PIXELS: u32 = 20_000;
/// …or with more pixels in all than this (120 megapixels; a phone photo has 12 to 50). A
/// 20,000 by 20,000 picture took 57 s and 1.6 GB of memory to place on a leaflet.
pub const MAX_MEGAPIXELS: u64 = 120;
/// Print resolution: more than a home printer or a print shop needs for photos.
const DOTS_PER_INCH: f32 = 300.0;

#[derive(Debug, Error, PartialEq)]
pub enum PictureError {
    #[error(
        "The picture is {megabytes} MB. Please use one under 50 MB (a photo from a phone is usually 2 to 10 MB)."
    )]
    TooLarge { megabytes: usize },
    #[error(
        "The picture is {width} by {height} pixels. Please use one no more than 20,000 pixels wide or tall."
    )]
    TooManyPixels { width: u32, height: u32 },
    #[error(
        "The picture is {width} by {height} pixels ({megapixels} megapixels). Please use one of at most 120 megapixels: save a smaller copy (a phone photo is 12 to 50)."
    )]
    TooManyMegapixels {
        width: u32,
        height: u32,
        megapixels: u64,
    },
    #[error("This file is not a PNG or JPEG picture.")]
    NotAPicture,
    #[error("The picture could not be opened: it may be damaged or cut short.")]
    Damaged,
}

/// Checks a picture from its header alone: quick, and safe on hostile files.
pub fn check(bytes: &[u8]) -> Result<(u32, u32), PictureError> {
    if bytes.len() > MAX_BYTES {
        return Err(PictureError::TooLarge {
            megabytes: bytes.len().div_ceil(1024 * 1024),
        });
    }
    // Reading the size touches only the header, so it needs no limits; decoding does.
    let format = format_of(bytes)?;
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| PictureError::Damaged)?;
    if width > MAX_PIXELS || height > MAX_PIXELS {
        return Err(PictureError::TooManyPixels { width, height });
    }
    let megapixels = (u64::from(width) * u64::from(height)).div_ceil(1_000_000);
    if megapixels > MAX_MEGAPIXELS {
        return Err(PictureError::TooManyMegapixels {
            width,
            height,
            megapixels,
        });
    }
    if width == 0 || height == 0 {
        return Err(PictureError::Damaged);
    }
    Ok((width, height))
}

fn format_of(bytes: &[u8]) -> Result<ImageFormat, PictureError> {
    let format = image::guess_format(bytes).map_err(|_| PictureError::NotAPicture)?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg) {
        return Err(PictureError::NotAPicture);
    }
    Ok(format)
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, PictureError> {
    let format = format_of(bytes)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PIXELS);
    limits.max_image_height = Some(MAX_PIXELS);
    reader.limits(limits);
    Ok(reader)
}

/// A picture ready to draw: the image, and where it goes relative to its frame's top-left
/// corner (for "fill" it matches the frame; for "fit" it sits centred inside it).
#[derive(Clone)]
pub struct Placed {
    pub image: krilla::image::Image,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    /// Pixels kept, for the tests and the benchmark.
    pub pixels: (u32, u32),
}

impl Placed {
    /// The same picture and pixels, drawn `factor` times the size.
    pub fn scaled(self, factor: f32) -> Placed {
        Placed {
            x: self.x * factor,
            y: self.y * factor,
            width: self.width * factor,
            height: self.height * factor,
            ..self
        }
    }
}

/// The last few pictures placed, so the live preview does not decode a 10 MB photo again on
/// every keystroke. Small, because each entry holds a scaled picture (a few MB at most).
static RECENT: Mutex<Vec<(u64, Placed)>> = Mutex::new(Vec::new());
const RECENT_KEPT: usize = 4;

fn cache_key(bytes: &[u8], frame_w: f32, frame_h: f32, settings: &PhotoSettings) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    frame_w.to_bits().hash(&mut hasher);
    frame_h.to_bits().hash(&mut hasher);
    settings.fit.hash(&mut hasher);
    settings.focus_x.to_bits().hash(&mut hasher);
    settings.focus_y.to_bits().hash(&mut hasher);
    settings.zoom.to_bits().hash(&mut hasher);
    hasher.finish()
}

/// Crops and scales a picture for a frame of `frame_w` by `frame_h` points.
pub fn place(
    bytes: &[u8],
    frame_w: f32,
    frame_h: f32,
    settings: &PhotoSettings,
) -> Result<Placed, PictureError> {
    let key = cache_key(bytes, frame_w, frame_h, settings);
    if let Ok(recent) = RECENT.lock()
        && let Some((_, placed)) = recent.iter().find(|(k, _)| *k == key)
    {
        return Ok(placed.clone());
    }
    let placed = place_uncached(bytes, frame_w, frame_h, settings)?;
    if let Ok(mut recent) = RECENT.lock() {
        if recent.len() >= RECENT_KEPT {
            recent.remove(0);
        }
        recent.push((key, placed.clone()));
    }
    Ok(placed)
}

fn place_uncached(
    bytes: &[u8],
    frame_w: f32,
    frame_h: f32,
    settings: &PhotoSettings,
) -> Result<Placed, PictureError> {
    check(bytes)?;
    let picture = reader(bytes)?.decode().map_err(|_| PictureError::Damaged)?;
    let (iw, ih) = (picture.width() as f32, picture.height() as f32);
    let zoom = settings.zoom.clamp(1.0, 4.0);
    let focus = (
        settings.focus_x.clamp(0.0, 1.0),
        settings.focus_y.clamp(0.0, 1.0),
    );

    // The part of the picture that shows, in the picture's pixels.
    let (rw, rh) = match settings.fit {
        PhotoFit::Fill => {
            let frame_aspect = frame_w / frame_h;
            let (w, h) = if iw / ih > frame_aspect {
                (ih * frame_aspect, ih)
            } else {
                (iw, iw / frame_aspect)
            };
            (w / zoom, h / zoom)
        }
        PhotoFit::Fit => (iw / zoom, ih / zoom),
    };
    let rx = (iw - rw) * focus.0;
    let ry = (ih - rh) * focus.1;

    // Where it goes in the frame.
    let (x, y, width, height) = match settings.fit {
        PhotoFit::Fill => (0.0, 0.0, frame_w, frame_h),
        PhotoFit::Fit => {
            let scale = (frame_w / rw).min(frame_h / rh);
            let (w, h) = (rw * scale, rh * scale);
            ((frame_w - w) / 2.0, (frame_h - h) / 2.0, w, h)
        }
    };

    let (cx, cy) = (rx.round() as u32, ry.round() as u32);
    let (cw, ch) = ((rw.round() as u32).max(1), (rh.round() as u32).max(1));
    let target_w = (to_mm(width) / 25.4 * DOTS_PER_INCH).ceil() as u32;
    let target_h = (to_mm(height) / 25.4 * DOTS_PER_INCH).ceil() as u32;
    let scaled = if cw > target_w || ch > target_h {
        // Scaled straight from a view of the kept part (no copy of a 50-megapixel photo).
        // Triangle filtering: at 300 dpi its result cannot be told from slower filters in
        // print, and it takes half the time, which the live preview feels.
        let (w, h) = (target_w.max(1), target_h.max(1));
        if picture.color().has_alpha() {
            let rgba = picture.into_rgba8();
            let view = image::imageops::crop_imm(&rgba, cx, cy, cw, ch);
            DynamicImage::ImageRgba8(image::imageops::resize(&*view, w, h, FilterType::Triangle))
        } else {
            let rgb = picture.into_rgb8();
            let view = image::imageops::crop_imm(&rgb, cx, cy, cw, ch);
            DynamicImage::ImageRgb8(image::imageops::resize(&*view, w, h, FilterType::Triangle))
        }
    } else {
        picture.crop_imm(cx, cy, cw, ch)
    };
    let pixels = (scaled.width(), scaled.height());
    Ok(Placed {
        image: encode(scaled)?,
        x,
        y,
        width,
        height,
        pixels,
    })
}

/// Photos become JPEG (small); pictures with see-through parts keep them.
fn encode(picture: DynamicImage) -> Result<krilla::image::Image, PictureError> {
    if picture.color().has_alpha() {
        let rgba = picture.to_rgba8();
        let (w, h) = rgba.dimensions();
        return Ok(krilla::image::Image::from_rgba8(rgba.into_raw(), w, h));
    }
    let mut jpeg = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 88);
    picture
        .to_rgb8()
        .write_with_encoder(encoder)
        .map_err(|_| PictureError::Damaged)?;
    krilla::image::Image::from_jpeg(jpeg.into(), true).map_err(|_| PictureError::Damaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(width, height, image::Rgb([200, 30, 30]));
        let mut out = Cursor::new(Vec::new());
        picture
            .write_to(&mut out, ImageFormat::Png)
            .expect("encode");
        out.into_inner()
    }

    #[test]
    fn a_big_photo_is_scaled_to_300_dpi_at_its_printed_size() {
        // A 100 mm by 50 mm frame at 300 dpi is about 1181 by 591 pixels.
        let frame = (
            super::super::paper::mm(100.0),
            super::super::paper::mm(50.0),
        );
        let placed = place(
            &png(4000, 3000),
            frame.0,
            frame.1,
            &PhotoSettings::default(),
        )
        .expect("placed");
        assert_eq!(placed.pixels, (1182, 591));
        assert!((placed.width - frame.0).abs() < 0.01);
    }

    #[test]
    fn fit_keeps_the_whole_photo_centred() {
        let settings = PhotoSettings {
            fit: PhotoFit::Fit,
            ..PhotoSettings::default()
        };
        let placed = place(&png(100, 100), 200.0, 100.0, &settings).expect("placed");
        assert_eq!(
            (placed.x, placed.width, placed.height),
            (50.0, 100.0, 100.0)
        );
        // Small pictures are never scaled up.
        assert_eq!(placed.pixels, (100, 100));
    }

    /// A PNG's header claiming `width` by `height`, as a hostile or huge file would: only the
    /// header is read, so no pixels are needed.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        use crate::group::tests::crc32;
        let mut chunk = b"IHDR".to_vec();
        chunk.extend(width.to_be_bytes());
        chunk.extend(height.to_be_bytes());
        chunk.extend([8, 2, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(13u32.to_be_bytes());
        png.extend(&chunk);
        png.extend(crc32(&chunk).to_be_bytes());
        // An empty image-data chunk: the reader stops at its start, having read the size.
        png.extend(0u32.to_be_bytes());
        png.extend(b"IDAT");
        png.extend(crc32(b"IDAT").to_be_bytes());
        png
    }

    #[test]
    fn a_picture_of_too_many_megapixels_is_refused_before_it_is_decoded() {
        assert_eq!(
            check(&png_header(8000, 6000)),
            Ok((8000, 6000)),
            "48 MP is fine"
        );
        assert_eq!(
            check(&png_header(20_000, 20_000)),
            Err(PictureError::TooManyMegapixels {
                width: 20_000,
                height: 20_000,
                megapixels: 400
            })
        );
    }

    #[test]
    fn bad_pictures_are_refused_with_a_reason() {
        assert_eq!(check(b"not a picture"), Err(PictureError::NotAPicture));
        let mut cut = png(50, 50);
        cut.truncate(30);
        assert!(check(&cut).is_err());
        assert_eq!(
            check(&png(20_001, 1)),
            Err(PictureError::TooManyPixels {
                width: 20_001,
                height: 1
            })
        );
        let huge = vec![0u8; MAX_BYTES + 1];
        assert_eq!(check(&huge), Err(PictureError::TooLarge { megabytes: 51 }));
    }
}
