//! "Our group": the campaign group's name, contact details, local area, logo and brand colour.
//! Leaflets, posters and petitions read these from here, so they are typed in once.

use std::io::Cursor;

use chrono::Local;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::problem::{FieldProblem, Problem};
use crate::store::{Store, StoreError};

/// Used until the group picks its own: NHS blue, which passes WCAG AA with white text.
pub const DEFAULT_BRAND_COLOUR: &str = "#005EB8";
/// A logo larger than this is almost certainly a photo straight off a camera.
pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;
/// Largest width or height in pixels; far more than any printed logo needs.
pub const MAX_LOGO_SIDE: u32 = 4000;
const MIN_LOGO_SIDE: u32 = 16;

/// The details a person types on the "Our group" page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GroupDetails {
    pub name: String,
    pub contact_email: String,
    pub phone: String,
    pub website: String,
    /// The ICS or council area the group campaigns in.
    pub local_area: String,
    /// `#RRGGBB`.
    pub brand_colour: String,
}

impl Default for GroupDetails {
    fn default() -> Self {
        GroupDetails {
            name: String::new(),
            contact_email: String::new(),
            phone: String::new(),
            website: String::new(),
            local_area: String::new(),
            brand_colour: DEFAULT_BRAND_COLOUR.into(),
        }
    }
}

/// The saved details plus whether a logo is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GroupProfile {
    pub details: GroupDetails,
    pub logo: Option<LogoInfo>,
    /// When the details were last saved (local time), if ever.
    pub updated_at: Option<String>,
}

/// Facts about the saved logo; the image itself is fetched separately, only when shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LogoInfo {
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u32,
}

/// A checked logo image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub mime: &'static str,
    pub data: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum GroupError {
    #[error("Some details need fixing before they can be saved.")]
    Invalid(Vec<FieldProblem>),
    #[error("{0}")]
    Logo(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Problem for GroupError {
    fn code(&self) -> &'static str {
        match self {
            GroupError::Invalid(_) => "invalid_input",
            GroupError::Logo(_) => "invalid_logo",
            GroupError::Store(e) => e.code(),
        }
    }

    fn field_problems(&self) -> Vec<FieldProblem> {
        match self {
            GroupError::Invalid(problems) => problems.clone(),
            _ => Vec::new(),
        }
    }
}

/// Reads the group's details.
pub fn load(store: &Store) -> Result<GroupProfile, GroupError> {
    store
        .conn()
        .query_row(
            "SELECT name, contact_email, phone, website, local_area, brand_colour, updated_at,
                    logo_mime, logo_width, logo_height, length(logo)
             FROM group_profile WHERE id = 1",
            [],
            |r| {
                let details = GroupDetails {
                    name: r.get(0)?,
                    contact_email: r.get(1)?,
                    phone: r.get(2)?,
                    website: r.get(3)?,
                    local_area: r.get(4)?,
                    brand_colour: r.get(5)?,
                };
                let logo = match r.get::<_, Option<String>>(7)? {
                    Some(mime) => Some(LogoInfo {
                        mime,
                        width: r.get(8)?,
                        height: r.get(9)?,
                        bytes: r.get(10)?,
                    }),
                    None => None,
                };
                Ok(GroupProfile {
                    details,
                    logo,
                    updated_at: r.get(6)?,
                })
            },
        )
        .map_err(|e| GroupError::Store(store.error(e)))
}

/// Checks and saves the group's details. Nothing is saved unless every field is acceptable.
pub fn save(store: &Store, details: &GroupDetails) -> Result<GroupProfile, GroupError> {
    let clean = validate(details).map_err(GroupError::Invalid)?;
    store
        .conn()
        .execute(
            "UPDATE group_profile SET name = ?1, contact_email = ?2, phone = ?3, website = ?4,
                    local_area = ?5, brand_colour = ?6, updated_at = ?7 WHERE id = 1",
            params![
                clean.name,
                clean.contact_email,
                clean.phone,
                clean.website,
                clean.local_area,
                clean.brand_colour,
                now_text()
            ],
        )
        .map_err(|e| store.error(e))?;
    load(store)
}

/// Checks an image file and saves it as the group's logo.
pub fn save_logo(store: &Store, data: Vec<u8>) -> Result<GroupProfile, GroupError> {
    let logo = check_logo(data)?;
    store
        .conn()
        .execute(
            "UPDATE group_profile SET logo = ?1, logo_mime = ?2, logo_width = ?3, logo_height = ?4,
                    updated_at = ?5 WHERE id = 1",
            params![logo.data, logo.mime, logo.width, logo.height, now_text()],
        )
        .map_err(|e| store.error(e))?;
    load(store)
}

pub fn remove_logo(store: &Store) -> Result<GroupProfile, GroupError> {
    store
        .conn()
        .execute(
            "UPDATE group_profile SET logo = NULL, logo_mime = NULL, logo_width = NULL,
                    logo_height = NULL, updated_at = ?1 WHERE id = 1",
            params![now_text()],
        )
        .map_err(|e| store.error(e))?;
    load(store)
}

/// The logo image and its MIME type, if one is saved.
pub fn load_logo(store: &Store) -> Result<Option<(String, Vec<u8>)>, GroupError> {
    let row = store
        .conn()
        .query_row(
            "SELECT logo_mime, logo FROM group_profile WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<Vec<u8>>>(1)?,
                ))
            },
        )
        .map_err(|e| store.error(e))?;
    Ok(match row {
        (Some(mime), Some(data)) => Some((mime, data)),
        _ => None,
    })
}

fn now_text() -> String {
    Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Trims every field, fills in what can be guessed (a missing `https://`, upper-case colour)
/// and lists every field that is still not acceptable.
pub fn validate(details: &GroupDetails) -> Result<GroupDetails, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut check = |field: &str, result: Result<String, String>| match result {
        Ok(value) => value,
        Err(message) => {
            problems.push(FieldProblem {
                field: field.into(),
                message,
            });
            String::new()
        }
    };
    let clean = GroupDetails {
        name: check("name", check_name(&details.name)),
        contact_email: check("contactEmail", check_email(&details.contact_email)),
        phone: check("phone", check_phone(&details.phone)),
        website: check("website", check_website(&details.website)),
        local_area: check(
            "localArea",
            check_text(&details.local_area, 120, "The local area"),
        ),
        brand_colour: check("brandColour", check_colour(&details.brand_colour)),
    };
    if problems.is_empty() {
        Ok(clean)
    } else {
        Err(problems)
    }
}

fn check_text(value: &str, max_chars: usize, what: &str) -> Result<String, String> {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        return Err(format!(
            "{what} has a hidden control character in it. Please retype it."
        ));
    }
    if value.chars().count() > max_chars {
        return Err(format!(
            "{what} is too long: at most {max_chars} characters, please."
        ));
    }
    Ok(value.to_string())
}

fn check_name(value: &str) -> Result<String, String> {
    let name = check_text(value, 120, "The group's name")?;
    if name.is_empty() {
        return Err("Please give your group's name, as you want it printed on leaflets.".into());
    }
    Ok(name)
}

fn check_email(value: &str) -> Result<String, String> {
    let email = check_text(value, 254, "The email address")?;
    if email.is_empty() {
        return Ok(email);
    }
    let looks_right = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    };
    if looks_right {
        Ok(email)
    } else {
        Err("That email address does not look right. It should look like name@example.org.".into())
    }
}

fn check_phone(value: &str) -> Result<String, String> {
    let phone = check_text(value, 30, "The phone number")?;
    if phone.is_empty() {
        return Ok(phone);
    }
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-".contains(c));
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if allowed && (7..=15).contains(&digits) {
        Ok(phone)
    } else {
        Err("That phone number does not look right. Use digits, spaces and + only, like 020 7946 0000.".into())
    }
}

fn check_website(value: &str) -> Result<String, String> {
    let site = check_text(value, 200, "The website address")?;
    if site.is_empty() {
        return Ok(site);
    }
    let full = if site.contains("://") {
        site
    } else {
        format!("https://{site}")
    };
    let host = full
        .strip_prefix("https://")
        .or_else(|| full.strip_prefix("http://"))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(host) if host.contains('.') && !full.contains(char::is_whitespace) => Ok(full),
        _ => Err(
            "That website address does not look right. It should look like www.example.org.".into(),
        ),
    }
}

fn check_colour(value: &str) -> Result<String, String> {
    let colour = value.trim();
    let hex = colour.strip_prefix('#').unwrap_or(colour);
    if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(format!("#{}", hex.to_ascii_uppercase()))
    } else {
        Err("Please pick a colour with the colour chooser.".into())
    }
}

/// Accepts a PNG or JPEG that decodes completely and is of a sensible size.
pub fn check_logo(data: Vec<u8>) -> Result<Logo, GroupError> {
    let fail = |why: &str| Err(GroupError::Logo(why.to_string()));
    if data.is_empty() {
        return fail("That file is empty. Please choose a PNG or JPEG picture of your logo.");
    }
    if data.len() > MAX_LOGO_BYTES {
        return fail("That picture is too big (over 2 MB). Please use a smaller copy of the logo.");
    }
    let mime = match image::guess_format(&data) {
        Ok(image::ImageFormat::Png) => "image/png",
        Ok(image::ImageFormat::Jpeg) => "image/jpeg",
        _ => {
            return fail(
                "That file is not a PNG or JPEG picture. Please save the logo as PNG or JPEG.",
            );
        }
    };
    let Some((width, height)) = image_size(&data) else {
        return fail(
            "That picture could not be read; the file may be damaged. Please try another copy.",
        );
    };
    if width.max(height) > MAX_LOGO_SIDE {
        return fail(
            "That picture is too large (over 4000 pixels across). Please use a smaller copy.",
        );
    }
    if width.min(height) < MIN_LOGO_SIDE {
        return fail(
            "That picture is too small to print clearly. Please use a larger copy of the logo.",
        );
    }
    if decode(&data).is_none() {
        return fail(
            "That picture could not be read; the file may be damaged. Please try another copy.",
        );
    }
    Ok(Logo {
        mime,
        data,
        width,
        height,
    })
}

fn reader(data: &[u8]) -> Option<image::ImageReader<Cursor<&[u8]>>> {
    let mut reader = image::ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .ok()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_LOGO_SIDE);
    limits.max_image_height = Some(MAX_LOGO_SIDE);
    reader.limits(limits);
    Some(reader)
}

fn image_size(data: &[u8]) -> Option<(u32, u32)> {
    // Reads only the header; works for images over the limit too, so they can be refused
    // with the right reason.
    image::ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

fn decode(data: &[u8]) -> Option<image::DynamicImage> {
    reader(data)?.decode().ok()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn filled() -> GroupDetails {
        GroupDetails {
            name: "  Keep Our NHS Public Haringey ".into(),
            contact_email: "haringey@example.org".into(),
            phone: "020 7946 0000".into(),
            website: "www.example.org/haringey".into(),
            local_area: "North Central London ICS".into(),
            brand_colour: "c8102e".into(),
        }
    }

    fn problem_fields(details: &GroupDetails) -> Vec<String> {
        validate(details)
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect()
    }

    #[test]
    fn good_details_are_tidied() {
        let clean = validate(&filled()).unwrap();
        assert_eq!(clean.name, "Keep Our NHS Public Haringey");
        assert_eq!(clean.website, "https://www.example.org/haringey");
        assert_eq!(clean.brand_colour, "#C8102E");
    }

    #[test]
    fn only_the_name_is_required() {
        let only_name = GroupDetails {
            name: "Save Our Surgeries".into(),
            ..Default::default()
        };
        assert!(validate(&only_name).is_ok());
        assert_eq!(problem_fields(&GroupDetails::default()), ["name"]);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad = GroupDetails {
            name: "x".repeat(121),
            contact_email: "not an email".into(),
            phone: "call me".into(),
            website: "nowhere".into(),
            local_area: "fine".into(),
            brand_colour: "red".into(),
        };
        assert_eq!(
            problem_fields(&bad),
            ["name", "contactEmail", "phone", "website", "brandColour"]
        );
    }

    #[test]
    fn non_latin_and_markup_are_kept_as_plain_text() {
        let d = GroupDetails {
            name: "Cadwch y GIG yn Gyhoeddus – Caerdydd <script>alert(1)</script>".into(),
            local_area: "کیمڈن، لندن".into(),
            ..Default::default()
        };
        let clean = validate(&d).unwrap();
        assert_eq!(clean.name, d.name); // stored as typed; the UI shows it as text
        assert_eq!(clean.local_area, "کیمڈن، لندن");
    }

    #[test]
    fn control_characters_are_refused() {
        let d = GroupDetails {
            name: "Bad\u{0007}name".into(),
            ..Default::default()
        };
        assert_eq!(problem_fields(&d), ["name"]);
    }

    #[test]
    fn emails_and_phones() {
        for ok in ["a@b.org", "first.last+ck@nhs.net"] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "a@b",
            "@b.org",
            "a@@b.org",
            "a b@c.org",
            "a@.org",
            "a@b.org.",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        assert!(check_phone("+44 (0)20 7946 0000").is_ok());
        assert!(check_phone("123").is_err());
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(width, height, image::Rgba([0, 94, 184, 255]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    fn logo_error(data: Vec<u8>) -> String {
        check_logo(data).unwrap_err().to_string()
    }

    #[test]
    fn a_good_png_logo_is_accepted() {
        let logo = check_logo(png(300, 120)).unwrap();
        assert_eq!(
            (logo.mime, logo.width, logo.height),
            ("image/png", 300, 120)
        );
    }

    #[test]
    fn bad_logos_are_refused_with_the_reason() {
        assert!(logo_error(Vec::new()).contains("empty"));
        assert!(logo_error(b"GIF89a....".to_vec()).contains("not a PNG or JPEG"));
        assert!(logo_error(b"<svg onload=alert(1)>".to_vec()).contains("not a PNG or JPEG"));
        assert!(logo_error(png(8, 8)).contains("too small"));
        assert!(logo_error(vec![0u8; MAX_LOGO_BYTES + 1]).contains("over 2 MB"));
        let mut truncated = png(200, 200);
        truncated.truncate(truncated.len() / 2);
        assert!(logo_error(truncated).contains("damaged"));
    }

    #[test]
    fn a_logo_claiming_huge_dimensions_is_refused_before_decoding() {
        // A tiny file whose header claims 20,000 x 20,000 pixels (a "decompression bomb").
        let mut header = png(20, 20);
        header[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        header[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let crc = crc32(&header[12..29]); // the IHDR chunk's checksum must still match
        header[29..33].copy_from_slice(&crc.to_be_bytes());
        assert!(logo_error(header).contains("too large"));
    }

    /// PNG's CRC-32 (ISO 3309), bit by bit: slow, but only for a test's few bytes. The
    /// picture tests use it too.
    pub(crate) fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
