//! A photo's JPEG copied into the PDF as it is, without decoding it: full quality (no second
//! round of JPEG compression) at a fraction of the time, as print-shop software does.
//!
//! Copied, but not blindly: what the phone wrote besides the picture is left out. That
//! includes the EXIF block, which can hold where the photo was taken (GPS), the phone's
//! details and a thumbnail, none of which belongs in a leaflet shared with the public; and
//! anything after the picture's end (the short video of a "motion photo"). The walk through
//! the file also finds one cut short, which is then decoded instead, and reported as damaged.

use image::metadata::Orientation;

/// What a JPEG's header says, read without decoding the picture or copying the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct JpegHeader {
    pub width: u32,
    pub height: u32,
    /// Which way is up, from the EXIF block (as stored, if there is none).
    pub orientation: Orientation,
}

/// The JPEG's size and orientation, or `None` if its header is broken.
pub(super) fn header(bytes: &[u8]) -> Option<JpegHeader> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut at = 2;
    let mut orientation = Orientation::NoTransforms;
    loop {
        let marker = next_marker(bytes, at)?;
        let segment = marker.segment(bytes)?;
        let body = &segment[4..];
        match marker.code {
            // Start of frame (baseline, progressive and the rarer kinds): the size.
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                let height = u32::from(u16::from_be_bytes([*body.get(1)?, *body.get(2)?]));
                let width = u32::from(u16::from_be_bytes([*body.get(3)?, *body.get(4)?]));
                return Some(JpegHeader {
                    width,
                    height,
                    orientation,
                });
            }
            0xE1 if body.starts_with(b"Exif\0\0") => {
                orientation =
                    Orientation::from_exif_chunk(&body[6..]).unwrap_or(Orientation::NoTransforms);
            }
            // The picture data starts before any size was given: not a JPEG we can read.
            0xDA | 0xD9 => return None,
            _ => {}
        }
        at = marker.end(bytes)?;
    }
}

/// One marker in a JPEG: its code and where it starts.
struct Marker {
    code: u8,
    at: usize,
}

impl Marker {
    /// Whether a length and body follow the code (all but the restart and end markers).
    fn has_body(&self) -> bool {
        !matches!(self.code, 0xD0..=0xD9 | 0x01)
    }

    /// The marker with its length and body; just the two marker bytes if it has none.
    fn segment<'a>(&self, bytes: &'a [u8]) -> Option<&'a [u8]> {
        if !self.has_body() {
            return bytes.get(self.at..self.at + 2);
        }
        let length = usize::from(u16::from_be_bytes([
            *bytes.get(self.at + 2)?,
            *bytes.get(self.at + 3)?,
        ]));
        if length < 2 {
            return None;
        }
        bytes.get(self.at..self.at + 2 + length)
    }

    /// Where the segment ends.
    fn end(&self, bytes: &[u8]) -> Option<usize> {
        Some(self.at + self.segment(bytes)?.len())
    }
}

/// The marker at `at`: 0xFF, maybe more 0xFF as padding, then its code.
fn next_marker(bytes: &[u8], mut at: usize) -> Option<Marker> {
    if *bytes.get(at)? != 0xFF {
        return None;
    }
    while *bytes.get(at + 1)? == 0xFF {
        at += 1;
    }
    Some(Marker {
        code: *bytes.get(at + 1)?,
        at,
    })
}

/// The JPEG in `bytes` with only what draws the picture, or `None` if its structure is
/// broken (cut short, say) or unusual enough to leave to the decoder.
pub(super) fn picture_only(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        let marker = next_marker(bytes, at)?;
        let segment = marker.segment(bytes)?;
        if marker.code == 0xD9 {
            out.extend_from_slice(segment);
            return Some(out);
        }
        if !marker.has_body() || keeps(marker.code, &segment[4..]) {
            out.extend_from_slice(segment);
        }
        at = marker.end(bytes)?;
        if marker.code == 0xDA {
            // The compressed picture data follows a start of scan, up to the next marker
            // that is not a stuffed 0xFF 0x00 or a restart marker.
            let data_end = scan_end(bytes, at)?;
            out.extend_from_slice(&bytes[at..data_end]);
            at = data_end;
        }
    }
}

/// Whether a segment is needed to draw the picture. Application segments 1 to 13 and 15
/// (EXIF, XMP, maker notes) and comments are not; APP0 (JFIF), APP14 (Adobe's colour
/// transform) and ICC colour profiles (APP2) are.
fn keeps(code: u8, body: &[u8]) -> bool {
    match code {
        0xE2 => body.starts_with(b"ICC_PROFILE\0"),
        0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
        _ => true,
    }
}

/// Where the compressed data starting at `from` ends: at the first marker other than a
/// stuffed zero byte or a restart marker. `None` if the file ends first (cut short).
fn scan_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let next = at + memchr::memchr(0xFF, bytes.get(at..)?)?;
        match *bytes.get(next + 1)? {
            0x00 | 0xD0..=0xD7 | 0xFF => at = next + 1,
            _ => return Some(next),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An APP1 EXIF segment with one entry: the orientation (EXIF's 1 to 8).
    pub(crate) fn exif_orientation_segment(orientation: u16) -> Vec<u8> {
        let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
        tiff.extend(1u16.to_be_bytes()); // one entry
        tiff.extend(0x0112u16.to_be_bytes()); // Orientation
        tiff.extend(3u16.to_be_bytes()); // SHORT
        tiff.extend(1u32.to_be_bytes());
        tiff.extend(orientation.to_be_bytes());
        tiff.extend([0, 0]);
        tiff.extend(0u32.to_be_bytes()); // no next entry list
        let mut body = b"Exif\0\0".to_vec();
        body.extend(tiff);
        let mut segment = vec![0xFF, 0xE1];
        segment.extend(((body.len() + 2) as u16).to_be_bytes());
        segment.extend(body);
        segment
    }

    /// `jpeg` with `segment` put straight after its start marker.
    pub(crate) fn with_segment(jpeg: &[u8], segment: &[u8]) -> Vec<u8> {
        let mut out = jpeg[..2].to_vec();
        out.extend(segment);
        out.extend(&jpeg[2..]);
        out
    }

    fn jpeg(width: u32, height: u32, progressive_like_noise: bool) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(width, height, |x, y| {
            if progressive_like_noise {
                image::Rgb([
                    (x * 7 % 256) as u8,
                    (y * 13 % 256) as u8,
                    ((x ^ y) % 256) as u8,
                ])
            } else {
                image::Rgb([200, 30, 30])
            }
        });
        let mut out = std::io::Cursor::new(Vec::new());
        picture
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .expect("encode");
        out.into_inner()
    }

    #[test]
    fn the_exif_block_and_anything_after_the_picture_are_left_out() {
        let plain = jpeg(64, 48, true);
        let mut phone = with_segment(&plain, &exif_orientation_segment(6));
        phone.extend(b"a motion photo's video would follow here");
        let copied = picture_only(&phone).expect("a sound JPEG");
        assert_eq!(copied, plain, "the picture's own bytes, nothing else");
        let decoded = image::load_from_memory(&copied).expect("still a picture");
        assert_eq!((decoded.width(), decoded.height()), (64, 48));
    }

    #[test]
    fn the_header_gives_the_size_and_which_way_is_up() {
        let plain = jpeg(64, 48, false);
        let found = header(&plain).expect("a header");
        assert_eq!((found.width, found.height), (64, 48));
        assert_eq!(found.orientation, Orientation::NoTransforms);
        let sideways = with_segment(&plain, &exif_orientation_segment(6));
        assert_eq!(
            header(&sideways).map(|h| h.orientation),
            Some(Orientation::Rotate90)
        );
        assert_eq!(header(&plain[..20]), None, "cut inside its header");
        assert_eq!(header(b"GIF89a"), None);
    }

    #[test]
    fn a_jpeg_cut_short_or_not_a_jpeg_is_not_copied() {
        let whole = jpeg(64, 48, true);
        for cut in [whole.len() - 2, whole.len() / 2, 3, 1] {
            assert_eq!(picture_only(&whole[..cut]), None, "cut at {cut}");
        }
        assert_eq!(picture_only(b"\x89PNG\r\n"), None);
        assert_eq!(picture_only(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 1]), None);
    }
}
