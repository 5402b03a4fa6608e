//! Photos and logos: checked before anything else touches them, cropped to their frame and
//! scaled down to 300 dots per inch at the size they print, so a 24-megapixel phone photo
//! does not make a 20 MB leaflet.

use std::hash::{Hash, Hasher};
use std::io::Cursor;
use std::sync::Mutex;

use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
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
    let (width, height) = match format_of(bytes)? {
        ImageFormat::Jpeg => super::jpeg_copy::header(bytes)
            .map(|h| (h.width, h.height))
            .ok_or(PictureError::Damaged)?,
        format => ImageReader::with_format(Cursor::new(bytes), format)
            .into_dimensions()
            .map_err(|_| PictureError::Damaged)?,
    };
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

/// How many dots per inch a picture is prepared at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resolution {
    /// For paper: 300 dpi, and a phone photo's own JPEG kept when it is not far above that.
    Print,
    /// For the live preview on screen: 150 dpi, always scaled, so the window draws it fast.
    Screen,
}

impl Resolution {
    fn dots_per_inch(self) -> f32 {
        match self {
            Resolution::Print => DOTS_PER_INCH,
            Resolution::Screen => 150.0,
        }
    }
}

/// A JPEG is copied into the PDF as it is (see `jpeg_copy`) when it has at most this many
/// times the pixels the print needs, each way: a 12-megapixel phone photo on an A5 leaflet
/// (about 2.7 times) is; a 50-megapixel one, or a phone photo in a small frame, is scaled
/// down, so a leaflet stays a file that can be emailed.
const COPIED_UP_TO: f32 = 3.0;

/// A picture ready to draw: the image, the part of its frame it covers (relative to the
/// frame's top-left corner: for "fill" the whole frame, for "fit" a box centred inside it),
/// and where the whole image is drawn so that the chosen part fills that box.
#[derive(Clone)]
pub struct Placed {
    pub image: krilla::image::Image,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    /// Where the whole image goes, and how it is turned. When the picture was cropped and
    /// scaled here, this is the box above; when a JPEG was copied as it is, the image is
    /// bigger than the box and the box clips it.
    pub drawn: Drawn,
    /// Pixels kept, for the tests and the benchmark.
    pub pixels: (u32, u32),
}

/// Where a whole image is drawn, relative to its frame's top-left corner, and how it is
/// turned to show the right way up (a phone's EXIF orientation, for a copied JPEG).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drawn {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub orientation: Orientation,
}

impl Placed {
    /// The same picture and pixels, drawn `factor` times the size.
    pub fn scaled(self, factor: f32) -> Placed {
        Placed {
            x: self.x * factor,
            y: self.y * factor,
            width: self.width * factor,
            height: self.height * factor,
            drawn: Drawn {
                x: self.drawn.x * factor,
                y: self.drawn.y * factor,
                width: self.drawn.width * factor,
                height: self.drawn.height * factor,
                ..self.drawn
            },
            ..self
        }
    }

    /// Whether the image exactly fills its box (so clipping to the frame is enough).
    pub fn fills_its_box(&self) -> bool {
        self.drawn
            == (Drawn {
                x: self.x,
                y: self.y,
                width: self.width,
                height: self.height,
                orientation: Orientation::NoTransforms,
            })
    }
}

impl Drawn {
    /// The image's own size when drawn (before it is turned), and the turn that takes the
    /// rectangle (0, 0)–(that size) onto this one's box: `None` when there is nothing to turn.
    pub fn unturned(&self) -> ((f32, f32), Option<krilla::geom::Transform>) {
        use krilla::geom::Transform;
        let (w, h) = (self.width, self.height);
        let sideways = matches!(
            self.orientation,
            Orientation::Rotate90
                | Orientation::Rotate270
                | Orientation::Rotate90FlipH
                | Orientation::Rotate270FlipH
        );
        let size = if sideways { (h, w) } else { (w, h) };
        // Each maps a point (u, v) of the stored image to where it shows: x = a·u + c·v + e,
        // y = b·u + d·v + f, written as from_row(a, b, c, d, e, f).
        let turn = match self.orientation {
            Orientation::NoTransforms => return (size, None),
            Orientation::FlipHorizontal => Transform::from_row(-1.0, 0.0, 0.0, 1.0, w, 0.0),
            Orientation::Rotate180 => Transform::from_row(-1.0, 0.0, 0.0, -1.0, w, h),
            Orientation::FlipVertical => Transform::from_row(1.0, 0.0, 0.0, -1.0, 0.0, h),
            Orientation::Rotate90FlipH => Transform::from_row(0.0, 1.0, 1.0, 0.0, 0.0, 0.0),
            Orientation::Rotate90 => Transform::from_row(0.0, 1.0, -1.0, 0.0, w, 0.0),
            Orientation::Rotate270FlipH => Transform::from_row(0.0, -1.0, -1.0, 0.0, w, h),
            Orientation::Rotate270 => Transform::from_row(0.0, -1.0, 1.0, 0.0, 0.0, h),
        };
        (size, Some(turn))
    }
}

/// The last few pictures placed, so the live preview does not decode a 10 MB photo again on
/// every keystroke. Small, because each entry holds a scaled picture (a few MB at most).
static RECENT: Mutex<Vec<(u64, Placed)>> = Mutex::new(Vec::new());
const RECENT_KEPT: usize = 4;

fn cache_key(
    bytes: &[u8],
    frame_w: f32,
    frame_h: f32,
    settings: &PhotoSettings,
    resolution: Resolution,
) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    frame_w.to_bits().hash(&mut hasher);
    frame_h.to_bits().hash(&mut hasher);
    settings.fit.hash(&mut hasher);
    settings.focus_x.to_bits().hash(&mut hasher);
    settings.focus_y.to_bits().hash(&mut hasher);
    settings.zoom.to_bits().hash(&mut hasher);
    resolution.hash(&mut hasher);
    hasher.finish()
}

/// Crops and scales a picture for a frame of `frame_w` by `frame_h` points.
pub fn place(
    bytes: &[u8],
    frame_w: f32,
    frame_h: f32,
    settings: &PhotoSettings,
    resolution: Resolution,
) -> Result<Placed, PictureError> {
    // A photo copied as it is needs no keeping: looking it up would mean hashing every byte
    // of it, which takes longer than copying it.
    if resolution == Resolution::Print
        && let Some(placed) = copy_if_suited(bytes, (frame_w, frame_h), settings)?
    {
        return Ok(placed);
    }
    let key = cache_key(bytes, frame_w, frame_h, settings, resolution);
    if let Ok(recent) = RECENT.lock()
        && let Some((_, placed)) = recent.iter().find(|(k, _)| *k == key)
    {
        return Ok(placed.clone());
    }
    let placed = place_uncached(bytes, frame_w, frame_h, settings, resolution)?;
    if let Ok(mut recent) = RECENT.lock() {
        if recent.len() >= RECENT_KEPT {
            recent.remove(0);
        }
        recent.push((key, placed.clone()));
    }
    Ok(placed)
}

/// The part of a picture that shows and where it goes in its frame.
struct View {
    /// The part shown, in the picture's pixels (as it shows, the right way up).
    region: (f32, f32, f32, f32),
    /// The box it fills in the frame, in points.
    shown_at: (f32, f32, f32, f32),
}

impl View {
    fn of(picture: (f32, f32), frame: (f32, f32), settings: &PhotoSettings) -> View {
        let (iw, ih) = picture;
        let (frame_w, frame_h) = frame;
        let zoom = settings.zoom.clamp(1.0, 4.0);
        let focus = (
            settings.focus_x.clamp(0.0, 1.0),
            settings.focus_y.clamp(0.0, 1.0),
        );
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
        let region = ((iw - rw) * focus.0, (ih - rh) * focus.1, rw, rh);
        let shown_at = match settings.fit {
            PhotoFit::Fill => (0.0, 0.0, frame_w, frame_h),
            PhotoFit::Fit => {
                let scale = (frame_w / rw).min(frame_h / rh);
                let (w, h) = (rw * scale, rh * scale);
                ((frame_w - w) / 2.0, (frame_h - h) / 2.0, w, h)
            }
        };
        View { region, shown_at }
    }

    /// The pixels needed across and down for the box at `dots_per_inch`.
    fn pixels_needed(&self, dots_per_inch: f32) -> (u32, u32) {
        let dots = |points: f32| (to_mm(points) / 25.4 * dots_per_inch).ceil().max(1.0) as u32;
        (dots(self.shown_at.2), dots(self.shown_at.3))
    }
}

fn place_uncached(
    bytes: &[u8],
    frame_w: f32,
    frame_h: f32,
    settings: &PhotoSettings,
    resolution: Resolution,
) -> Result<Placed, PictureError> {
    let stored = check(bytes)?;
    let format = format_of(bytes)?;
    let orientation = orientation_of(bytes);
    let shown = turned(stored, orientation);
    let view = View::of(
        (shown.0 as f32, shown.1 as f32),
        (frame_w, frame_h),
        settings,
    );
    let needed = view.pixels_needed(resolution.dots_per_inch());
    let surplus = surplus(&view, needed);

    let mut picture = decode(bytes, format, surplus)?;
    picture.apply_orientation(orientation);
    // The same view, in the decoded picture's pixels (fewer, if it was decoded shrunk).
    let view = View::of(
        (picture.width() as f32, picture.height() as f32),
        (frame_w, frame_h),
        settings,
    );
    let (rx, ry, rw, rh) = view.region;
    let (cx, cy) = (rx.round() as u32, ry.round() as u32);
    let (cw, ch) = ((rw.round() as u32).max(1), (rh.round() as u32).max(1));
    let (target_w, target_h) = needed;
    let scaled = if cw > target_w || ch > target_h {
        // Scaled straight from a view of the kept part (no copy of a 50-megapixel photo).
        // Triangle filtering: at 300 dpi its result cannot be told from slower filters in
        // print, and it takes half the time, which the live preview feels.
        let (w, h) = (target_w, target_h);
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
    let (x, y, width, height) = view.shown_at;
    Ok(Placed {
        image: encode(scaled)?,
        x,
        y,
        width,
        height,
        drawn: Drawn {
            x,
            y,
            width,
            height,
            orientation: Orientation::NoTransforms,
        },
        pixels,
    })
}

/// How many times more pixels the part shown has than the print needs.
fn surplus(view: &View, needed: (u32, u32)) -> f32 {
    (view.region.2 / needed.0 as f32).min(view.region.3 / needed.1 as f32)
}

/// The photo placed as its own JPEG when that suits it: a JPEG, with no more than
/// [`COPIED_UP_TO`] times the pixels print needs, and sound enough to copy.
fn copy_if_suited(
    bytes: &[u8],
    frame: (f32, f32),
    settings: &PhotoSettings,
) -> Result<Option<Placed>, PictureError> {
    let stored = check(bytes)?;
    let Some(header) = super::jpeg_copy::header(bytes) else {
        return Ok(None);
    };
    let shown = turned(stored, header.orientation);
    let view = View::of((shown.0 as f32, shown.1 as f32), frame, settings);
    if surplus(&view, view.pixels_needed(DOTS_PER_INCH)) > COPIED_UP_TO {
        return Ok(None);
    }
    Ok(copied_as_it_is(
        bytes,
        stored,
        shown,
        &view,
        header.orientation,
    ))
}

/// The photo's own JPEG, drawn whole and clipped to the part shown; `None` if it cannot be
/// copied (a broken or unusual file), which then goes through the decoder.
fn copied_as_it_is(
    bytes: &[u8],
    stored: (u32, u32),
    shown: (u32, u32),
    view: &View,
    orientation: Orientation,
) -> Option<Placed> {
    let jpeg = super::jpeg_copy::picture_only(bytes)?;
    let image = krilla::image::Image::from_jpeg(jpeg.into(), true).ok()?;
    let (rx, ry, rw, _) = view.region;
    let (x, y, width, height) = view.shown_at;
    let points_per_pixel = width / rw;
    Some(Placed {
        image,
        x,
        y,
        width,
        height,
        drawn: Drawn {
            x: x - rx * points_per_pixel,
            y: y - ry * points_per_pixel,
            width: shown.0 as f32 * points_per_pixel,
            height: shown.1 as f32 * points_per_pixel,
            orientation,
        },
        pixels: stored,
    })
}

/// How the picture must be turned to show the right way up (phones store most photos as the
/// sensor saw them and say in EXIF which way is up). Unreadable EXIF means as stored.
fn orientation_of(bytes: &[u8]) -> Orientation {
    // Read by hand for a JPEG: the decoder would copy the whole file first.
    if let Some(jpeg) = super::jpeg_copy::header(bytes) {
        return jpeg.orientation;
    }
    let Ok(reader) = reader(bytes) else {
        return Orientation::NoTransforms;
    };
    reader
        .into_decoder()
        .and_then(|mut decoder| decoder.orientation())
        .unwrap_or(Orientation::NoTransforms)
}

/// A picture's size as it shows, once turned.
fn turned((w, h): (u32, u32), orientation: Orientation) -> (u32, u32) {
    match orientation {
        Orientation::Rotate90
        | Orientation::Rotate270
        | Orientation::Rotate90FlipH
        | Orientation::Rotate270FlipH => (h, w),
        _ => (w, h),
    }
}

/// Decodes a picture. A JPEG with `surplus` times the pixels needed (2 or more) is decoded
/// already shrunk by up to 8 (DCT scaling), never below what is needed: most of a phone
/// photo's decoding time saved for a small frame or the screen.
fn decode(bytes: &[u8], format: ImageFormat, surplus: f32) -> Result<DynamicImage, PictureError> {
    if format == ImageFormat::Jpeg
        && surplus >= 2.0
        && let Some(picture) = decode_jpeg_shrunk(bytes, surplus)
    {
        return Ok(picture);
    }
    reader(bytes)?.decode().map_err(|_| PictureError::Damaged)
}

/// `None` for what this decoder does not turn into RGB or grey (CMYK, 16-bit), or cannot
/// read: those go through the full decoder, which says if the file is damaged.
fn decode_jpeg_shrunk(bytes: &[u8], surplus: f32) -> Option<DynamicImage> {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.read_info().ok()?;
    let info = decoder.info()?;
    let shrink = surplus.floor().min(8.0);
    let wanted = |side: u16| ((f32::from(side) / shrink).ceil() as u16).max(1);
    let (width, height) = decoder
        .scale(wanted(info.width), wanted(info.height))
        .ok()?;
    let pixels = decoder.decode().ok()?;
    let (width, height) = (u32::from(width), u32::from(height));
    match decoder.info()?.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => {
            image::RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8)
        }
        jpeg_decoder::PixelFormat::L8 => {
            image::GrayImage::from_raw(width, height, pixels).map(DynamicImage::ImageLuma8)
        }
        _ => None,
    }
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
            Resolution::Print,
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
        let placed =
            place(&png(100, 100), 200.0, 100.0, &settings, Resolution::Print).expect("placed");
        assert_eq!(
            (placed.x, placed.width, placed.height),
            (50.0, 100.0, 100.0)
        );
        // Small pictures are never scaled up.
        assert_eq!(placed.pixels, (100, 100));
    }

    /// A photo as a phone stores it: the sensor's way round, `width` by `height`, left half
    /// red and right half blue, with EXIF saying how to turn it (6: a quarter turn clockwise,
    /// as for a phone held upright).
    fn phone_jpeg(width: u32, height: u32, orientation: u16) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(width, height, |x, _| {
            if x < width / 2 {
                image::Rgb([220, 0, 0])
            } else {
                image::Rgb([0, 0, 220])
            }
        });
        let mut out = Cursor::new(Vec::new());
        picture
            .write_to(&mut out, ImageFormat::Jpeg)
            .expect("encode");
        let segment = super::super::jpeg_copy::tests::exif_orientation_segment(orientation);
        super::super::jpeg_copy::tests::with_segment(&out.into_inner(), &segment)
    }

    /// `bytes` placed for print, filling a square frame `frame` points wide.
    fn placed_for_print(bytes: &[u8], frame: f32) -> Placed {
        place(
            bytes,
            frame,
            frame,
            &PhotoSettings::default(),
            Resolution::Print,
        )
        .expect("placed")
    }

    #[test]
    fn a_phone_photo_a_little_over_300_dpi_is_copied_whole_and_turned_upright() {
        // Stored 1600 x 1200 on its side; upright it is 1200 x 1600. A 100 x 100 mm frame
        // needs 1182 pixels each way, so the photo is kept as it is.
        let frame = super::super::paper::mm(100.0);
        let bytes = phone_jpeg(1600, 1200, 6);
        let placed = placed_for_print(&bytes, frame);
        assert_eq!(placed.pixels, (1600, 1200), "every pixel kept");
        assert_eq!(placed.drawn.orientation, Orientation::Rotate90);
        // Upright and filling the frame's width, so taller than the frame: the middle shows.
        let drawn = placed.drawn;
        assert!((drawn.width - frame).abs() < 0.01);
        assert!((drawn.height - frame * 1600.0 / 1200.0).abs() < 0.01);
        assert!((drawn.y + (drawn.height - frame) / 2.0).abs() < 0.01);
        let ((w, h), turn) = drawn.unturned();
        assert!((w - drawn.height).abs() < 0.01 && (h - drawn.width).abs() < 0.01);
        // The turn takes the stored picture's top-left corner (red) to the top right, and
        // its bottom-left corner to the top left: upright, the red half is on top.
        let turn = turn.expect("turned");
        let map = |u: f32, v: f32| {
            (
                turn.sx() * u + turn.kx() * v + turn.tx(),
                turn.ky() * u + turn.sy() * v + turn.ty(),
            )
        };
        let near =
            |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).abs() < 0.01 && (a.1 - b.1).abs() < 0.01;
        assert!(near(map(0.0, 0.0), (drawn.width, 0.0)));
        assert!(near(map(0.0, h), (0.0, 0.0)));
        assert!(near(map(w, h), (0.0, drawn.height)));
    }

    #[test]
    fn a_sideways_photo_that_is_decoded_is_turned_upright_too() {
        // For the screen the photo is always scaled: its pixels are turned themselves.
        let frame = super::super::paper::mm(40.0);
        let bytes = phone_jpeg(1600, 1200, 6);
        let settings = PhotoSettings {
            fit: PhotoFit::Fit,
            ..PhotoSettings::default()
        };
        let placed = place(&bytes, frame, frame, &settings, Resolution::Screen).expect("placed");
        assert_eq!(placed.drawn.orientation, Orientation::NoTransforms);
        let (w, h) = placed.pixels;
        assert!(h > w, "upright: {w} x {h}");
        assert!(placed.height > placed.width);
    }

    #[test]
    fn a_photo_far_bigger_than_needed_is_decoded_shrunk_then_scaled() {
        // 4000 x 3000 in a 40 mm frame (473 pixels at 300 dpi): decoded at an eighth or a
        // quarter, never below what the frame needs.
        let frame = super::super::paper::mm(40.0);
        let bytes = phone_jpeg(4000, 3000, 1);
        let placed = placed_for_print(&bytes, frame);
        assert_eq!(placed.pixels, (473, 473));
        assert!(placed.fills_its_box());
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
